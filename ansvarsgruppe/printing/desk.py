"""The desk's PDF download and print preview (hooks.py ``override_whitelisted_methods``)."""

import frappe

from ansvarsgruppe.audit.access_log import log_export
from ansvarsgruppe.permissions.endpoints import is_app_doctype
from ansvarsgruppe.printing.formats import PRINT_FORMATS
from ansvarsgruppe.printing.pdf import footer_title, number_pages


@frappe.whitelist(allow_guest=True)
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""Frappe's PDF download (the desk's PDF button), with page numbers on the app's print formats."""
	from frappe.utils.print_format import download_pdf as frappe_download_pdf

	frappe_download_pdf(
		doctype,
		name,
		format=format,
		doc=doc,
		no_letterhead=no_letterhead,
		language=language,
		letterhead=letterhead,
	)
	print_format = format or frappe.get_meta(doctype).default_print_format
	content = frappe.local.response.get("filecontent")
	if print_format in PRINT_FORMATS and content:
		frappe.local.response.filecontent = number_pages(content, footer_title(print_format, name))


@frappe.whitelist()
def get_html_and_style(
	doc,
	name=None,
	print_format=None,
	no_letterhead=None,
	letterhead=None,
	trigger_print=False,
	style=None,
	settings=None,
):
	"""The desk's print preview; a saved record of the app is logged for Innsyn (Frappe logs the print
	view and the PDF, not the preview)."""
	from frappe.www.printview import get_html_and_style as frappe_get_html_and_style

	result = frappe_get_html_and_style(
		doc,
		name=name,
		print_format=print_format,
		no_letterhead=no_letterhead,
		letterhead=letterhead,
		trigger_print=trigger_print,
		style=style,
		settings=settings,
	)
	if isinstance(name, str) and name and is_app_doctype(doc):
		log_export(doc, name, "Print preview", file_type="HTML")
		frappe.local.flags.commit = True
	return result
