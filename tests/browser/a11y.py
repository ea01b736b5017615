"""Accessibility checks shared by the browser tests."""

from __future__ import annotations

BLOCKING = ("serious", "critical")

# Every field is named by a <label for> (or an aria-label, e.g. a read-only link to copy);
# every fieldset has a legend.
UNLABELLED = """() => {
  const problems = [];
  for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const label = input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    const named = input.getAttribute('aria-label');
    if (!named && (!label || !label.textContent.trim())) problems.push(`no label: ${input.name} ${input.id}`);
  }
  for (const fieldset of document.querySelectorAll('fieldset')) {
    const legend = fieldset.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) problems.push(`no legend: ${fieldset.outerHTML.slice(0, 80)}`);
  }
  return problems;
}"""


def blocking(violations: list[dict]) -> list[str]:
    """The serious and critical axe-core violations, one readable line each."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]
