"""PDF/A-2b with Ghostscript (Debian's ``ghostscript``): every font embedded, colours as sRGB with its ICC
profile as the output intent, the PDF/A identification in the XMP metadata. Images become a PDF page
first (Pillow), then go the same way."""

import glob
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
ICC_CANDIDATES = (
	"/usr/share/color/icc/ghostscript/srgb.icc",
	"/usr/share/ghostscript/*/iccprofiles/srgb.icc",
	"/usr/share/ghostscript/iccprofiles/srgb.icc",
)

PDFA_DEF = """%!
[ /Title ({title}) /DOCINFO pdfmark
/ICCProfile ({icc}) def
[/_objdef {{icc_PDFA}} /type /stream /OBJ pdfmark
[{{icc_PDFA}} << /N 3 >> /PUT pdfmark
[{{icc_PDFA}} ICCProfile (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFA}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFA}} <<
  /Type /OutputIntent
  /S /GTS_PDFA1
  /DestOutputProfile {{icc_PDFA}}
  /OutputConditionIdentifier (sRGB)
>> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFA}} ] >> /PUT pdfmark
"""


class ConversionError(Exception):
	pass


def ghostscript() -> str:
	path = shutil.which("gs")
	if not path:
		raise ConversionError("Ghostscript (gs) is not installed")
	return path


def srgb_profile() -> str:
	for pattern in ICC_CANDIDATES:
		for path in sorted(glob.glob(pattern)):
			return path
	raise ConversionError("no sRGB ICC profile found (Debian's ghostscript ships one)")


def _ps_string(text: str) -> str:
	"""``text`` for a PostScript string literal: ASCII (æ, ø, å written out), brackets and backslashes
	escaped."""
	text = text.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "Ae", "Ø": "O", "Å": "Aa"}))
	text = text.encode("ascii", "replace").decode("ascii")
	return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def image_to_pdf(image: bytes) -> bytes:
	from PIL import Image

	with Image.open(io.BytesIO(image)) as picture:
		out = io.BytesIO()
		picture.convert("RGB").save(out, format="PDF", resolution=150)
		return out.getvalue()


def to_pdfa(source: bytes, title: str, suffix: str = ".pdf") -> bytes:
	"""``source`` (a PDF, or an image named by ``suffix``) as PDF/A-2b."""
	if suffix.lower() in IMAGE_SUFFIXES:
		source = image_to_pdf(source)
	with tempfile.TemporaryDirectory(prefix="pdfa-") as folder:
		work = Path(folder)
		(work / "in.pdf").write_bytes(source)
		(work / "PDFA_def.ps").write_text(
			PDFA_DEF.format(title=_ps_string(title), icc=srgb_profile()), encoding="ascii"
		)
		command = [
			ghostscript(),
			"-dPDFA=2",
			"-dBATCH",
			"-dNOPAUSE",
			"-dQUIET",
			"-dNOOUTERSAVE",
			"-dPDFACompatibilityPolicy=1",
			"-dEmbedAllFonts=true",
			"-dSubsetFonts=true",
			"-sColorConversionStrategy=RGB",
			"-sProcessColorModel=DeviceRGB",
			"-sDEVICE=pdfwrite",
			f"--permit-file-read={srgb_profile()}",
			f"-sOutputFile={work / 'out.pdf'}",
			str(work / "PDFA_def.ps"),
			str(work / "in.pdf"),
		]
		result = subprocess.run(command, capture_output=True, timeout=120, cwd=folder)
		output = work / "out.pdf"
		if result.returncode != 0 or not output.exists() or not output.stat().st_size:
			raise ConversionError(result.stderr.decode(errors="replace")[-500:] or "Ghostscript failed")
		return output.read_bytes()
