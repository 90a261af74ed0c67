"""Names with Ð (U+00D0), the look-alike of Đ, were stored for search with it unfolded: fold
them again, as cell05.text.fold now does."""

from django.db import migrations

from cell05.text import fold


def refold(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    for member in Member.objects.filter(full_name__regex="[Ðð]").only("pk", "full_name"):
        Member.objects.filter(pk=member.pk).update(search_name=fold(member.full_name))


class Migration(migrations.Migration):
    dependencies = [("members", "0003_committee_superior_name")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
