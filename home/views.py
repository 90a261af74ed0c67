"""The home page: above a member's own pledge and the own group's next Monday turn, the work
waiting for the member's role (group leader, cell committee); the office's cells by progress."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cell05.page_cache import render_with_cached_content
from figures import across_cells
from home import selectors, todo
from members import selectors as member_selectors
from members.rules import current_member
from plans.selectors import monday as monday_selectors
from plans.selectors import pledges as pledge_selectors
from plans.selectors import years as year_selectors

# A committee reads hundreds of cells: its home lays out this many at a time, of those behind
# and of all by progress (the committee's table has every cell on one page).
CELLS_PER_PAGE = 25


@login_required
def home(request):
    member = current_member(request.user)
    if member is None:
        return render_with_cached_content(
            request,
            "home/cells.html",
            {},
            content="home/_cells_content.html",
            key_parts=selectors.office_home_version(request.user),
            content_context=lambda: _office_home(request),
        )
    study_year = year_selectors.current_year(member.cell)
    pledge = pledge_selectors.own_pledge(member, study_year) if study_year else None
    committee = request.user.has_perm("members.manage_cell", member.cell)
    return render(
        request,
        "home/member.html",
        {
            "cell": member.cell,
            "member": member,
            "study_year": study_year,
            "pledge": pledge,
            "next_step": pledge_selectors.next_step(pledge, study_year) if study_year else None,
            "monday_turn": monday_selectors.next_turn(member),
            "leader_todo": todo.leader_todo(member, study_year),
            "committee_todo": todo.committee_todo(member, study_year) if committee else None,
        },
    )


def _office_home(request) -> dict:
    cells = across_cells.cells_with_figures(member_selectors.cells_for_user(request.user))
    office = todo.office_todo(cells)
    return {
        "cells": cells,
        "committees": member_selectors.committees_for_user(request.user),
        "office": office,
        "behind_shown": office["behind"][:CELLS_PER_PAGE],
        "progress_page": Paginator(office["progress"], CELLS_PER_PAGE).get_page(request.GET.get("page")),
    }
