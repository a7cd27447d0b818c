"""Policy profiles (data) and the checks and figures they drive (code)."""
