"""What the CLI error tests share: a sweep spec small enough to run in a fixture, and main() in-process."""

from magphys.cli import main

# 6 alloys x 2 temperatures, materials and cost: a sweep result in a few hundredths of a second
TINY_SPEC = """\
name = "tiny"
stages = ["materials", "cost"]
temp_c = [20.0, 150.0]
chunk_size = 10

[fixed]
nd = 22.0
pr = 7.3
b = 0.98
co = 1.0
process = "sintered"
scenario = "ex_china_2025"

[axes.dy]
values = [0.0, 1.0, 2.0]

[axes.ce]
values = [0.0, 2.0]
"""

ERROR_LINE = r"magphys( [a-z]+)?: error: \S"


def run_cli(argv) -> int:
    """main(argv) in-process: argparse's exits give their status, anything else propagates."""
    try:
        return main([str(a) for a in argv])
    except SystemExit as exc:
        return exc.code
