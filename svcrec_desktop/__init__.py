"""Service Recovery Studio: an offline helper for co-designing a unit's service-recovery plan."""

__version__ = "0.1.0"

APP_NAME = "svcrec-desktop"
DISPLAY_NAME = "Service Recovery Studio"
