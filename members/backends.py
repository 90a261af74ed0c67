"""Signing in with a username and password, as Django does, and reading the signed-in user
with the membership and its cell in one query: every page asks for the membership
(members.rules.current_member), and most pages are about the member's own cell
(members.selectors.cell_for_user)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("member__cell__committee").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
