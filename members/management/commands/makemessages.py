from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # A guessed ("fuzzy") translation of a new string is worse than none: it reads as
    # finished but says something else. New strings stay empty until translated.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
