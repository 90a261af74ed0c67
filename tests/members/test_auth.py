import ipaddress

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_member_signs_in_and_lands_on_the_own_home_page(world, client):
    response = attempt(client, world.member.user.username, "a-long-test-password")
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert home.context["cell"] == world.cell


def test_five_wrong_passwords_lock_that_name_from_that_address_only(world, client):
    username = world.member.user.username
    for _ in range(4):
        assert attempt(client, username, "wrong-password").status_code == 200
    assert attempt(client, username, "wrong-password").status_code == 429
    locked = attempt(client, username, "a-long-test-password")
    assert locked.status_code == 429
    assert "15 phút" in locked.content.decode()
    elsewhere = attempt(client, username, "a-long-test-password", address="10.0.0.2")
    assert elsewhere.status_code == 302


def test_member_changes_the_own_password(world, login):
    client = login(world.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "chi-bo-khu-pho-mot-2026",
            "new_password2": "chi-bo-khu-pho-mot-2026",
        },
    )
    assert response.status_code == 302
    world.member.user.refresh_from_db()
    assert world.member.user.check_password("chi-bo-khu-pho-mot-2026")


def test_the_current_password_is_refused_as_the_new_one(world, login):
    client = login(world.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "a-long-test-password",
            "new_password2": "a-long-test-password",
        },
    )
    assert response.status_code == 200
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in response.content.decode()
    assert response.context["form"].errors["new_password1"] == ["Mật khẩu mới phải khác mật khẩu hiện tại."]


def test_sign_out_needs_a_post_and_ends_the_session(world, login):
    client = login(world.member)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(world.cell.get_absolute_url()).status_code == 302


def forwarded(client, username, password, *, remote, chain):
    """A sign-in that reaches gunicorn from `remote` with X-Forwarded-For `chain`."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=chain,
    )


def test_behind_the_proxy_the_lock_follows_the_client_address_not_the_proxy(world, client, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    username = world.member.user.username

    def through_proxy(chain, password):
        return forwarded(client, username, password, remote="127.0.0.1", chain=chain)

    for _ in range(5):
        through_proxy("203.0.113.7", "wrong-password")
    assert through_proxy("203.0.113.7", "a-long-test-password").status_code == 429
    # An address the client forges in front of its own does not get it out of the lock.
    assert through_proxy("198.51.100.77, 203.0.113.7", "a-long-test-password").status_code == 429
    assert through_proxy("198.51.100.9", "a-long-test-password").status_code == 302


def test_a_forged_forwarded_address_from_beside_the_proxies_does_not_escape_the_lock(world, client, settings):
    # gunicorn reachable beside the proxy: the header comes from the client itself.
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    username = world.member.user.username

    def direct(chain, password):
        return forwarded(client, username, password, remote="198.51.100.20", chain=chain)

    for number in range(12):
        direct(f"203.0.113.{number}", "wrong-password")
    assert direct("203.0.113.200", "a-long-test-password").status_code == 429


def test_behind_two_proxies_the_client_is_the_first_address_no_proxy_wrote(world, client, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("127.0.0.1")]
    username = world.member.user.username

    def through_proxies(chain, password):
        return forwarded(client, username, password, remote="127.0.0.1", chain=chain)

    for number in range(5):
        through_proxies(f"192.0.2.{number}, 203.0.113.7, 10.0.0.5", "wrong-password")
    assert through_proxies("203.0.113.7, 10.0.0.5", "a-long-test-password").status_code == 429
    assert through_proxies("203.0.113.8, 10.0.0.5", "a-long-test-password").status_code == 302


def test_a_password_kept_with_pbkdf2_signs_in_and_is_kept_again_with_argon2id(world, client, settings):
    from django.contrib.auth.hashers import make_password

    from cell05 import settings as project  # the module: the tests' fast hasher is an override

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = world.member.user
    user.password = make_password("a-long-test-password", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    assert attempt(client, user.username, "a-long-test-password").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
