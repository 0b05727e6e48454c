"""The analyst script of examples/python runs on the sample district."""

import subprocess
import sys

from conftest import REPO, SAMPLE, read_sample

SCRIPT = REPO / "examples" / "python" / "appraise_district.py"


def test_the_example_script(tmp_path):
    read_sample()  # fails clearly when the sample is missing
    chart = tmp_path / "chart.png"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(SAMPLE), "--chart", str(chart), "--top", "3"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "64 community-years scored by standard@2020" in out
    assert "Top 3:" in out and "Bottom 3:" in out
    assert "would meet" in out  # the reasons for lost points
    assert "Per street" in out and "s-01" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.stat().st_size > 10_000
