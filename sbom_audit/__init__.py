"""sbom-audit: where does the technology an organisation buys and runs come from?"""

__version__ = "0.1.0"
