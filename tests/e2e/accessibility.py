"""axe-core run in the page by the browser tests: WCAG 2.2 A and AA and axe's best practices."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_source():
    return AXE.read_text(encoding="utf-8")


def axe_violations(page):
    """Each violation on the page as one line: rule, impact, the elements and what is wrong."""
    # Evaluated rather than added as a <script> tag: the site's Content-Security-Policy refuses
    # inline scripts, and page.evaluate is not subject to it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate(
        """rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})
            .then(results => results.violations)""",
        RULES,
    )
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {summary}")
    return lines


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)
