import pytest
import torch

from dubgen.train.model import AVModel, VariantMismatch, check_same_variant, load_model, model_payload, read_checkpoint
from dubgen.train.model import CHECKPOINT_FORMAT
from dubgen.train.variants import VARIANTS


def _inputs(m, b=3, ch=1):
    v = m.variant
    return torch.randn(b, 3, v.num_frames, v.video_size, v.video_size), torch.randn(b, ch, v.n_mels, v.audio_frames)


def test_xxs_shapes_and_unit_norm():
    torch.manual_seed(0)
    m = AVModel("xxs").eval()
    zv, za, tau = m(*_inputs(m))
    assert zv.shape == za.shape == (3, VARIANTS["xxs"].proj_dim)
    assert torch.allclose(zv.norm(dim=-1), torch.ones(3), atol=1e-5)
    assert torch.allclose(za.norm(dim=-1), torch.ones(3), atol=1e-5)
    assert tau.item() == pytest.approx(0.1)
    # the encoders are torchvision MViTs with multiscale pooling attention
    from torchvision.models.video.mvit import MViT

    assert isinstance(m.video_encoder, MViT) and isinstance(m.audio_encoder, MViT)


def test_deltas_channels_and_proj_dim():
    m = AVModel("xxs", audio_channels=3, proj_dim=24).eval()
    zv, za, _ = m(*_inputs(m, b=2, ch=3))
    assert za.shape == (2, 24)


@pytest.mark.parametrize("name", ["s", "m"])
def test_larger_variants_build_and_are_deeper(name):
    m = AVModel(name)
    assert len(m.video_encoder.blocks) == len(VARIANTS[name].video.blocks)
    assert len(VARIANTS["m"].video.blocks) > len(VARIANTS["s"].video.blocks) > len(VARIANTS["xxs"].video.blocks)


def test_checkpoint_round_trip_with_weights_only(tmp_path):
    torch.manual_seed(1)
    m = AVModel("xxs", learn_temperature=True).eval()
    path = tmp_path / "c.pt"
    torch.save({"format": CHECKPOINT_FORMAT, "model": model_payload(m), "step": 0, "config": {}}, path)
    loaded, ckpt = load_model(path)
    x = _inputs(m, b=2)
    with torch.no_grad():
        a, b = m(*x), loaded(*x)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert ckpt["model"]["kwargs"]["learn_temperature"] is True
    with pytest.raises(VariantMismatch, match="xxs.*s"):
        check_same_variant(read_checkpoint(path), AVModel("s"), path)
    with pytest.raises(VariantMismatch, match="proj_dim"):
        check_same_variant(read_checkpoint(path), AVModel("xxs", proj_dim=16, learn_temperature=True), path)


def test_not_a_checkpoint_is_refused(tmp_path):
    p = tmp_path / "x.pt"
    torch.save({"hello": 1}, p)
    with pytest.raises(ValueError, match="not a dubgen checkpoint"):
        read_checkpoint(p)
