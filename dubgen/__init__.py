"""dubgen: synthetic counterfactual audio-visual pairs by automatic dubbing."""

__version__ = "0.1.0"
