"""The archive (R19): a Noark 5 v5.0 extraction of a group, its documents as PDF/A-2b, in one ZIP file.

``screening`` and ``noark`` are pure (plain values in, XML out); ``pdfa`` converts PDFs and images with
Ghostscript; ``package`` gathers a group's records with Frappe, renders them and stores the package.
"""
