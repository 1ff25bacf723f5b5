"""Builds identity numbers with correct check digits, independently of the code under test."""

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check(digits: str, weights) -> str | None:
	remainder = (11 - sum(w * int(d) for w, d in zip(weights, digits, strict=False))) % 11
	return None if remainder == 10 else str(remainder)


def make(ddmmyy: str, individual: int = 1) -> str:
	"""The first valid number for this date part at or after ``individual``."""
	for n in range(individual, 1000):
		base = f"{ddmmyy}{n:03d}"
		k1 = _check(base, W1)
		if k1 is None:
			continue
		k2 = _check(base + k1, W2)
		if k2 is None:
			continue
		return base + k1 + k2
	raise ValueError(ddmmyy)
