"""Every report as a file (CSV, XLSX, PDF): the reports laid out as tables (``tables``),
a writer per format (``writers``), and where a file too large for an answer goes
(``delivery``, ADR 64)."""
