"""The app's PDFs in Norwegian, with "Side N av M" stamped on every page (pypdf)."""

import io

import frappe
from frappe.translate import print_language
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ansvarsgruppe.printing.formats import PRINT_FORMATS, PRINT_LANGUAGE


def get_pdf(doctype: str, name: str, print_format: str, ignore_permissions: bool = False) -> bytes:
	"""The document as an A4 PDF in Norwegian through Frappe's own path (printview → wkhtmltopdf),
	with page numbers."""
	flag = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = ignore_permissions or flag
	try:
		with print_language(PRINT_LANGUAGE):
			pdf = frappe.get_print(doctype, name, print_format, as_pdf=True, pdf_options={"page-size": "A4"})
	finally:
		frappe.flags.ignore_print_permissions = flag
	return number_pages(pdf, footer_title(print_format, name))


def footer_title(print_format: str, name: str) -> str:
	title = PRINT_FORMATS.get(print_format, (None, print_format))[1]
	return f"{title} {name}"


# Helvetica's advance widths (per 1000 units of the font size) for the characters of "Side 12 av 34".
_HELVETICA_WIDTHS = {" ": 278, "S": 667, "i": 222, "d": 556, "e": 556, "a": 556, "v": 500}
_FOOTER_FONT_SIZE = 8
_FOOTER_BASELINE_MM = 8
_FOOTER_SIDE_MM = 15


def number_pages(pdf: bytes, title: str = "") -> bytes:
	"""Stamp ``title`` (left) and ``Side N av M`` (right) at the foot of every page of ``pdf``."""
	reader = PdfReader(io.BytesIO(pdf))
	writer = PdfWriter()
	writer.append_pages_from_reader(reader)
	total = len(writer.pages)
	for number, page in enumerate(writer.pages, start=1):
		page.merge_page(_footer_overlay(page, title, f"Side {number} av {total}"))
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def _footer_overlay(page, left: str, right: str) -> PageObject:
	box = page.mediabox
	width, height = float(box.width), float(box.height)
	mm = 72 / 25.4
	y = float(box.bottom) + _FOOTER_BASELINE_MM * mm
	x_left = float(box.left) + _FOOTER_SIDE_MM * mm
	right_width = sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in right) * _FOOTER_FONT_SIZE / 1000
	x_right = float(box.left) + width - _FOOTER_SIDE_MM * mm - right_width
	size = _FOOTER_FONT_SIZE
	commands = (
		f"q 0.3 g BT /AGFooter {size} Tf {x_left:.2f} {y:.2f} Td ({_pdf_text(left)}) Tj ET "
		f"BT /AGFooter {size} Tf {x_right:.2f} {y:.2f} Td ({_pdf_text(right)}) Tj ET Q"
	)
	overlay = PageObject.create_blank_page(width=width, height=height)
	overlay[NameObject("/Resources")] = DictionaryObject(
		{
			NameObject("/Font"): DictionaryObject(
				{
					NameObject("/AGFooter"): DictionaryObject(
						{
							NameObject("/Type"): NameObject("/Font"),
							NameObject("/Subtype"): NameObject("/Type1"),
							NameObject("/BaseFont"): NameObject("/Helvetica"),
							NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
						}
					)
				}
			)
		}
	)
	stream = DecodedStreamObject()
	stream.set_data(commands.encode("latin-1"))
	overlay[NameObject("/Contents")] = stream
	return overlay


def _pdf_text(text: str) -> str:
	"""A PDF literal string body in WinAnsiEncoding (æøå, en dash), written with octal escapes."""
	out = []
	for byte in text.encode("cp1252", errors="replace"):
		char = chr(byte)
		if char in "()\\":
			out.append("\\" + char)
		elif 32 <= byte < 127:
			out.append(char)
		else:
			out.append(f"\\{byte:03o}")
	return "".join(out)
