"""The Qt layer: thin widgets over the core, their layouts loaded from ui/*.ui."""
