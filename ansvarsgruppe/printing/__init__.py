"""The app's printed documents: Jinja helpers for the print formats, and their PDFs.

The standard print formats live in ``ansvarsgruppe/print_format/<name>/``; Frappe reads each
template from the ``<name>.html`` beside the JSON at render time (``frappe.www.printview.get_print_format``).
The templates call the ``ag_*`` helpers of ``jinja.py`` (registered as Jinja methods in hooks.py).

Page numbers: Frappe's PDFs come from wkhtmltopdf, and a wkhtmltopdf built against unpatched Qt (as
Debian's is) ignores ``--footer-center``/``--footer-html``, and CSS page counters do not work in it
either. So every PDF of these print formats gets "Side N av M" stamped on each page afterwards with
pypdf (``pdf.number_pages``): in ``pdf.get_pdf`` (e-mail, tests) and in the desk's PDF download, whose
whitelisted method is wrapped by ``desk.download_pdf`` (hooks.py ``override_whitelisted_methods``).
"""
