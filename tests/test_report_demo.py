"""The demo practice's report: every section filled, self-contained, checked in Chromium and
as PDF pages; the weekly review and the CLI commands on the same practice."""

import base64
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conciliacion.cli_reports import informe, revision
from conciliacion.demo import generate_demo
from conciliacion.errors import ConciliacionError
from conciliacion.practice import Practice
from conciliacion.reports.monthly import build_monthly_report, monthly_report
from conciliacion.reports.monthly_html import SECTIONS, render_html, render_pages
from conciliacion.reports.monthly_pdf import render_pdf
from conciliacion.reports.sources import load_state
from conciliacion.reports.weekly import weekly_review

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def practice(tmp_path_factory) -> Practice:
    folder = tmp_path_factory.mktemp("demo") / "consulta"
    generate_demo(folder, months=3, services_per_month=150)
    return Practice(folder)


@pytest.fixture(scope="module")
def written(practice):
    return monthly_report(practice, "2026-03")


def _sections(page: str) -> dict[str, str]:
    found = re.findall(r'<section id="([a-z]+)">(.*?)</section>', page, flags=re.DOTALL)
    return dict(found)


def test_every_section_has_figures(written):
    page = written.outputs[0].read_text(encoding="utf-8")
    sections = _sections(page)
    assert list(sections) == list(SECTIONS)
    for name, body in sections.items():
        filled = re.search(r"<tbody>\s*<tr>", body) or 'class="card"' in body
        assert filled, f"sección vacía: {name}"
    assert "no disponible" not in sections["conciliacion"]


def test_the_page_is_self_contained_and_has_charts(written):
    page = written.outputs[0].read_text(encoding="utf-8")
    assert page.count("<svg") >= 5
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<script" not in page
    assert "@page" in page


def test_no_patient_name_in_the_report(practice, written):
    page = written.outputs[0].read_text(encoding="utf-8")
    state = load_state(practice)
    names = {service.patient for service in state.inputs.services}
    assert not [name for name in names if name in page]


def test_the_printable_twin_has_the_same_charts_as_images(practice):
    report, _ = build_monthly_report(load_state(practice), "2026-03", None)
    page, printable = render_pages(report)
    assert page == render_html(report)
    charts = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    assert len(charts) >= 4
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)">', printable)
    assert [base64.b64decode(image).decode("utf-8").rstrip() for image in images] == charts
    assert "<svg" not in printable


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="sin pdftoppm (poppler-utils)")
def test_the_pdf_printed_from_the_twin_looks_as_the_pages_own(tmp_path, practice):
    """WeasyPrint prints the twin only because it is faster: every page must look the same."""
    report, _ = build_monthly_report(load_state(practice), "2026-03", None)
    pages: dict[str, list[bytes]] = {}
    for name, html in zip(("pagina", "gemela"), render_pages(report), strict=True):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(render_pdf(html))
        pdftoppm = shutil.which("pdftoppm") or ""
        subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(tmp_path / name)], check=True)  # noqa: S603
        pages[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert len(pages["pagina"]) >= 3
    assert pages["gemela"] == pages["pagina"]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="sin pdftoppm (poppler-utils)")
def test_nothing_is_printed_in_the_right_margin(tmp_path, written):
    """Every table and chart fits the page: the right margin (14 mm) stays blank."""
    from PIL import Image  # noqa: PLC0415 - WeasyPrint's own dependency

    pdftoppm = shutil.which("pdftoppm") or ""
    pdf = written.outputs[0].with_suffix(".pdf")
    command = [pdftoppm, "-r", "100", "-gray", "-png", str(pdf), str(tmp_path / "p")]
    subprocess.run(command, check=True)  # noqa: S603 - poppler's tool on our own PDF
    mm = 100 / 25.4
    for page in sorted(tmp_path.glob("p-*.png")):
        image = Image.open(page).convert("L")
        width, height = image.size
        margin = image.crop((round(width - 13 * mm), 0, width, round(height - 19 * mm)))
        darkest, _lightest = margin.getextrema()
        assert darkest > 240, f"algo impreso en el margen derecho de {page.name}"


def test_without_reconciliation_the_section_says_so(practice):
    report, _ = build_monthly_report(load_state(practice), "2026-03", None)
    page = render_html(report)
    assert "Conciliación bancaria no disponible" in _sections(page)["conciliacion"]


def test_the_same_inputs_give_the_same_files(practice, written):
    again = monthly_report(practice, "2026-03")
    assert [p.read_bytes() for p in again.outputs] == [p.read_bytes() for p in written.outputs]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="sin /usr/bin/chromium")
def test_chromium_renders_the_sections_and_charts(tmp_path, written):
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'perfil'}", "--dump-dom",
        written.outputs[0].as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
    dom = done.stdout
    for section in SECTIONS:
        assert f'id="{section}"' in dom
    assert len(re.findall(r"<svg\b", dom)) >= 5
    assert "Informe de marzo de 2026" in dom


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="sin pdftoppm (poppler-utils)")
def test_the_pdf_pages_and_text(tmp_path, written):
    pdf = written.outputs[1]
    subprocess.run(  # noqa: S603
        [shutil.which("pdftoppm") or "", "-r", "30", "-png", str(pdf), str(tmp_path / "p")],
        check=True, timeout=120,
    )  # fmt: skip
    pages = sorted(tmp_path.glob("p-*.png"))
    info = subprocess.run(  # noqa: S603
        [shutil.which("pdfinfo") or "", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 3 <= len(pages) <= 12
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "", str(pdf), "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    assert "Informe de marzo de 2026" in text
    assert "Facturado y cobrado por aseguradora" in text


def test_the_annex_has_the_detail(written):
    sheet = openpyxl.load_workbook(written.outputs[2]).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["servicio_id", "fecha", "aseguradora"]
    assert sheet.max_row > 100


def test_weekly_review_writes_the_month_of_the_sunday(practice):
    review = weekly_review(practice, "2026-W13")
    assert str(review.as_of) == "2026-03-29"
    assert review.outputs[0] == practice.output_dir("2026-03") / "incidencias.csv"
    assert review.items
    later = weekly_review(practice, "2026-W14")
    assert later.month == "2026-04"
    assert {i.id for i in review.items} & {i.id for i in later.items}


def test_cli_revision_and_informe(practice):
    runner = CliRunner()
    result = runner.invoke(
        revision, ["--semana", "2026-W13", "--practica", str(practice.root), "--limite", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "Revisión semanal 2026-W13" in result.output
    result = runner.invoke(informe, ["2026-03", "--practica", str(practice.root)])
    assert result.exit_code == 0, result.output
    assert "informe.pdf" in result.output
    result = runner.invoke(revision, ["--semana", "2026-W60", "--practica", str(practice.root)])
    assert isinstance(result.exception, ConciliacionError)
