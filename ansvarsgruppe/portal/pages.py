"""Portal pages' bodies compiled once per process.

Frappe renders a www page from its template's text with a Jinja environment made for each request, so the
page's template and its includes are parsed and compiled again on every request. A page whose body is
rendered here keeps only ``{% extends %}``, its title and ``{{ page_body }}`` in www/; the body lives in
``templates/portal/`` and is compiled once per process, and again when its file changes (Jinja's
``auto_reload`` compares the file's mtime).

The environment autoescapes: every value a body prints is escaped unless it is ``Markup``, and the bodies'
``| e`` keep their meaning (escaping is done once)."""

import os
from functools import cache

import frappe
from jinja2 import DebugUndefined, FileSystemLoader, PrefixLoader
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@cache
def environment() -> SandboxedEnvironment:
	"""One per process; template paths as Frappe names them (``ansvarsgruppe/templates/...``). Undefined
	values render as Frappe's pages render them (``DebugUndefined``), so the output is the same."""
	env = SandboxedEnvironment(
		loader=PrefixLoader({"ansvarsgruppe": FileSystemLoader(APP_DIR)}),
		autoescape=True,
		undefined=DebugUndefined,
		auto_reload=True,
	)
	env.globals["_"] = frappe._
	return env


def render_body(template: str, context: dict) -> Markup:
	"""``template`` (``ansvarsgruppe/templates/portal/...``) rendered with the page's context, as HTML to
	put in the page unescaped."""
	return Markup(environment().get_template(template).render(context))
