"""One exception root, one base per pipeline stage. Messages are written for users."""


class SbomAuditError(Exception):
    """Root of every error sbom-audit raises on purpose."""


class IngestError(SbomAuditError):
    """An input file could not be read; the message names the file, the place and the reason."""


class RegistryError(SbomAuditError):
    """The vendor-origin registry data is invalid; the message names the file and line."""


class PolicyError(SbomAuditError):
    """A policy profile is missing or invalid."""


class ReportError(SbomAuditError):
    """A report could not be written."""


class BaselineError(SbomAuditError):
    """An earlier report given as a baseline cannot be read; the message names the file."""
