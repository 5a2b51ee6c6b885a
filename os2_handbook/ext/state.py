"""What the extension's parts share: per-page state in a Domain.

A part that remembers something about a page subclasses ``PageState`` with its
own ``name``; every value in its ``data`` is a dict keyed by docname. Sphinx
then forgets a page's entries when the page is read again (``clear_doc``) and
merges those of parallel readers (``merge_domaindata``), as ``sphinx.ext.todo``
does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.environment import BuildEnvironment


class PageState(Domain):
    """docname -> value maps, one per key of ``initial_data``."""

    initial_data: dict[str, dict[str, Any]] = {"pages": {}}  # noqa: RUF012

    @classmethod
    def of(cls, env: BuildEnvironment) -> Any:
        """This part's state in env (typed as the subclass by its callers)."""
        return env.get_domain(cls.name)

    @property
    def pages(self) -> dict[str, Any]:
        return self.data["pages"]

    def clear_doc(self, docname: str) -> None:
        for by_page in self.data.values():
            if isinstance(by_page, dict):
                by_page.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, by_page in otherdata.items():
            if isinstance(by_page, dict):
                self.data[key].update({d: v for d, v in by_page.items() if d in docnames})

    def resolve_any_xref(self, *args: Any) -> list:
        return []  # nothing to refer to: the domain only keeps state
