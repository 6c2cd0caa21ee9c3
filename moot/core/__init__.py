"""The pure core: domain logic with no Django import (enforced by moot/tests/test_core_purity.py)."""
