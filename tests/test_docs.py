import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_page_is_reachable_from_the_index():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = {(DOCS / target).resolve() for target in re.findall(r"\]\(([^)#]+\.md)\)", index)}
    pages = {page.resolve() for page in DOCS.rglob("*.md") if page.name != "README.md"}
    assert pages - linked == set()


def test_links_between_pages_point_to_existing_files():
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.relative_to(DOCS)} -> {target}"
