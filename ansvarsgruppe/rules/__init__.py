"""Business rules from the source documents, as pure functions.

Nothing in this package imports frappe: every function takes plain values (dates, strings, lists,
dicts) and returns a decision or a list of problems, so the rules can be tested in milliseconds.
A problem's message is an English source string with named placeholders; the caller translates it
(``translations/no.csv`` holds the Norwegian text) and fills in the values, translating those named
in ``translated_params`` too.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
	"""One broken rule: which rule (``R4``), a translatable message and its placeholder values."""

	rule: str
	message: str
	params: dict = field(default_factory=dict)
	translated_params: tuple = ()

	def format(self, translate=lambda text: text) -> str:
		params = {k: translate(v) if k in self.translated_params else v for k, v in self.params.items()}
		return translate(self.message).format(**params)


class RuleViolation(ValueError):
	"""Raised by rules that answer with a single problem rather than a list."""

	def __init__(self, problem: Problem):
		super().__init__(problem.format())
		self.problem = problem
