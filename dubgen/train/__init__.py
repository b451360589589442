"""MViT audio-visual contrastive trainer (needs the `train` extra: torch, torchvision, av)."""
