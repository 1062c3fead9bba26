import matplotlib.colors as mc
import seaborn as sns

from evaluation.charts import style


def test_palette_is_seaborns_colorblind_palette():
    assert [c.lower() for c in style.PALETTE] == [mc.to_hex(c) for c in sns.color_palette("colorblind")]
