"""Charts of the analyses (matplotlib, no display needed): PNG, SVG, or a self-contained HTML
page with the SVG embedded and the data table below it.

    balance_chart(frame, channels, "pak.png")    # series with 95% band + courting + channels
    dyad_chart(frame, channels, "usa-chn.svg")   # quad classes, direction, channels
    network_chart(dyads, "report.html")          # who deals with whom, and how warmly

Periods with too little evidence are drawn as hatched grey columns labelled as such, never
as a zero on the line.
"""
from __future__ import annotations

import html
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from tightrope.analysis.units import AnalysisError

COLOR_A = "#1f5fa8"        # first pole (positive side of the balance)
COLOR_B = "#c0392b"        # second pole
QUAD_COLORS = {"verbal_cooperation": "#8fd19e", "material_cooperation": "#2e8b57",
               "verbal_conflict": "#f4a261", "material_conflict": "#c0392b"}
QUAD_LABELS = {"verbal_cooperation": "verbal cooperation",
               "material_cooperation": "material cooperation",
               "verbal_conflict": "verbal conflict", "material_conflict": "material conflict"}
FORMATS = (".png", ".svg", ".html")


def _figure(rows: int, heights: list[float], width: float = 11.0):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, sum(heights)), layout="constrained")
    axes = fig.subplots(rows, 1, gridspec_kw={"height_ratios": heights})
    return fig, (axes if rows > 1 else [axes])


def _check(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise AnalysisError(f"chart file must end in {', '.join(FORMATS)}: {path}")
    return path


def save(fig: Any, path: str | Path, title: str, data: pd.DataFrame | None = None) -> Path:
    """Write the figure as PNG/SVG, or HTML (SVG inline + the data as a table)."""
    path = _check(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".html":
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        svg = buffer.getvalue()
        svg = svg[svg.index("<svg"):]
        table = ""
        if data is not None and len(data):
            from tightrope.analysis.report import records

            rows = records(data)
            head = "".join(f"<th>{html.escape(str(c))}</th>" for c in data.columns)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in r.values())
                           + "</tr>" for r in rows)
            table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        path.write_text(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>"
            "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
            "svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:13px;margin-top:1.5em}"
            "td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}"
            f"</style></head><body><h1>{html.escape(title)}</h1>{svg}{table}</body></html>\n",
            encoding="utf-8")
    else:
        fig.savefig(path, dpi=150)
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _x(frame: pd.DataFrame) -> list:
    return list(pd.to_datetime(frame["period_start"]))


def _width(frame: pd.DataFrame) -> float:
    """Bar width in days: most of the gap between consecutive periods."""
    days = pd.to_datetime(frame["period_start"]).diff().dt.days.dropna()
    return 0.8 * (float(days.median()) if len(days) else 28.0)


def balance_chart(frame: pd.DataFrame, channels: pd.DataFrame | None, path: str | Path,
                  title: str | None = None) -> Path:
    """The balance series with its band, how each pole courts the pivot, and channels."""
    _check(path)
    pivot, a, b = (frame["pivot"].iloc[0], frame["a"].iloc[0], frame["b"].iloc[0]) if len(frame) \
        else ("P", "A", "B")
    title = title or f"{pivot} between {a} and {b}"
    show_channels = channels is not None and len(channels) > 0
    fig, axes = _figure(3 if show_channels else 2, [4.0, 2.2] + ([2.6] if show_channels else []))
    ax = axes[0]
    x = _x(frame)
    width = _width(frame) if len(frame) else 28
    ok = frame["status"] == "ok"
    ax.axhline(0, color="#888", linewidth=0.8)
    ax.axhspan(0, 1.05, color=COLOR_A, alpha=0.04)
    ax.axhspan(-1.05, 0, color=COLOR_B, alpha=0.04)
    if ok.any():
        # Null values in insufficient periods break the line and the band there: the
        # series is not interpolated across periods we know nothing about.
        ax.fill_between(x, frame["low"].astype(float), frame["high"].astype(float),
                        color="#555", alpha=0.18, linewidth=0, label="95% band")
        ax.plot(x, frame["balance"].astype(float), color="#222", marker="o", linewidth=1.8,
                label="balance")
        # whiskers too, so a period between two gaps still shows its band
        values = frame.loc[ok, "balance"].astype(float)
        ax.errorbar([xi for xi, k in zip(x, ok) if k], values,
                    yerr=[values - frame.loc[ok, "low"].astype(float),
                          frame.loc[ok, "high"].astype(float) - values],
                    fmt="none", ecolor="#666", elinewidth=1, capsize=3)
    first_gap = True
    for xi, status, n in zip(x, frame["status"], frame["events"]):
        if status != "ok":
            ax.bar(xi, 2.1, bottom=-1.05, width=width, color="#dddddd", hatch="///",
                   edgecolor="#bbbbbb", linewidth=0, label="too few events" if first_gap else None)
            ax.text(xi, 0.0, f"n={int(n)}", ha="center", va="center", fontsize=7, color="#666")
            first_gap = False
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("balance")
    ax.text(0.005, 0.97, f"toward {a}", transform=ax.transAxes, color=COLOR_A, va="top",
            fontsize=9, fontweight="bold")
    ax.text(0.005, 0.03, f"toward {b}", transform=ax.transAxes, color=COLOR_B, va="bottom",
            fontsize=9, fontweight="bold")
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper right", fontsize=8, frameon=False, ncols=3)
    ax.grid(axis="y", alpha=0.3)

    ax = axes[1]
    half = width / 2.2
    offsets = pd.to_timedelta(half / 2, unit="D")
    ax.bar([xi - offsets for xi in x], frame["courting_a"], width=half, color=COLOR_A,
           label=f"{a} → {pivot}")
    ax.bar([xi + offsets for xi in x], frame["courting_b"], width=half, color=COLOR_B,
           label=f"{b} → {pivot}")
    ax.axhline(0, color="#888", linewidth=0.8)
    ax.set_ylabel("net cooperation\n(sum of intensity/10)")
    ax.set_title(f"How each pole treats {pivot}", loc="left", fontsize=10)
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncols=2)
    ax.grid(axis="y", alpha=0.3)
    if len(x):
        for axis in axes[:2]:
            axis.set_xlim(min(x) - pd.Timedelta(days=width), max(x) + pd.Timedelta(days=width))

    if show_channels:
        _channel_panel(axes[2], channels, a, b)
    return save(fig, path, title, frame)


def _channel_panel(ax: Any, channels: pd.DataFrame, a: str, b: str) -> None:
    rows = channels.sort_values("events", ascending=True).tail(12)
    y = range(len(rows))
    ok = rows["status"] == "ok"
    values = rows["balance"].where(ok, 0.0).fillna(0.0)
    colors = [COLOR_A if v >= 0 else COLOR_B for v in values]
    colors = [c if k else "#cccccc" for c, k in zip(colors, ok)]
    ax.barh(list(y), values, color=colors, height=0.6)
    for yi, (_, row) in zip(y, rows.iterrows()):
        if row["status"] == "ok":
            ax.plot([row["low"], row["high"]], [yi, yi], color="#333", linewidth=1)
            label = f"{row['balance']:+.2f} ({int(row['events'])})"
        else:
            label = f"too few events ({int(row['events'])})"
        ax.text(1.02, yi, label, va="center", fontsize=8, transform=ax.get_yaxis_transform())
    ax.set_yticks(list(y), rows["channel"])
    ax.set_xlim(-1.05, 1.05)
    ax.axvline(0, color="#888", linewidth=0.8)
    ax.set_title(f"By channel, whole range (← {b}   {a} →)", loc="left", fontsize=10)


def dyad_chart(frame: pd.DataFrame, channels: pd.DataFrame | None, path: str | Path,
               title: str | None = None) -> Path:
    """Events per quad class (cooperation up, conflict down) with the net mean, the
    directional net sums, and the channels."""
    _check(path)
    a, b = (frame["a"].iloc[0], frame["b"].iloc[0]) if len(frame) else ("A", "B")
    title = title or f"{a} – {b}"
    show_channels = channels is not None and len(channels) > 0
    fig, axes = _figure(3 if show_channels else 2, [3.8, 2.2] + ([2.4] if show_channels else []))
    ax = axes[0]
    x = _x(frame)
    width = _width(frame) if len(frame) else 28
    up = [0.0] * len(frame)
    for quad in ("verbal_cooperation", "material_cooperation"):
        ax.bar(x, frame[quad], bottom=up, width=width, color=QUAD_COLORS[quad],
               label=QUAD_LABELS[quad])
        up = [u + v for u, v in zip(up, frame[quad])]
    down = [0.0] * len(frame)
    for quad in ("verbal_conflict", "material_conflict"):
        ax.bar(x, [-v for v in frame[quad]], bottom=down, width=width, color=QUAD_COLORS[quad],
               label=QUAD_LABELS[quad])
        down = [d - v for d, v in zip(down, frame[quad])]
    ax.axhline(0, color="#888", linewidth=0.8)
    ax.set_ylabel("events (conflict below 0)")
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=4)
    twin = ax.twinx()
    has = frame["net_mean"].notna()
    twin.plot([xi for xi, h in zip(x, has) if h], frame.loc[has, "net_mean"], color="#222",
              marker="o", linewidth=1.5, label="net mean intensity")
    twin.set_ylim(-10.5, 10.5)
    twin.set_ylabel("mean intensity (−10..+10)")
    twin.legend(loc="upper right", fontsize=8, frameon=False)

    ax = axes[1]
    ax.plot(x, frame["net_a_to_b"], color=COLOR_A, marker="o", label=f"{a} → {b}")
    ax.plot(x, frame["net_b_to_a"], color=COLOR_B, marker="o", label=f"{b} → {a}")
    ax.axhline(0, color="#888", linewidth=0.8)
    ax.set_ylabel("net intensity (sum)")
    ax.set_title("Direction", loc="left", fontsize=10)
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncols=2)
    ax.grid(axis="y", alpha=0.3)

    if show_channels:
        rows = channels.sort_values("events").tail(12)
        ax = axes[2]
        from matplotlib import colormaps
        from matplotlib.colors import Normalize

        cmap, norm = colormaps["RdYlGn"], Normalize(-10, 10)
        ax.barh(list(rows["channel"]), rows["events"],
                color=[cmap(norm(v)) if not _nan(v) else "#ccc" for v in rows["net_mean"]])
        for yi, (_, row) in enumerate(rows.iterrows()):
            ax.text(row["events"], yi, f"  mean {row['net_mean']:+.1f}", va="center", fontsize=8)
        ax.set_xlabel("events (colour: mean intensity, red conflict … green cooperation)")
        ax.set_title("Channels, whole range", loc="left", fontsize=10)
    return save(fig, path, title, frame)


def _nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def network_chart(dyads: pd.DataFrame, path: str | Path, title: str = "Relations") -> Path:
    """Countries on a circle; a line per dyad, as thick as its events and coloured by its
    mean intensity (red conflict, green cooperation)."""
    _check(path)
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    fig, (ax,) = _figure(1, [7.5], width=9.0)
    nodes: dict[str, int] = {}
    for _, row in dyads.iterrows():
        nodes[row["a"]] = nodes.get(row["a"], 0) + int(row["events"])
        nodes[row["b"]] = nodes.get(row["b"], 0) + int(row["events"])
    names = sorted(nodes, key=lambda n: -nodes[n])
    position = {n: (math.cos(2 * math.pi * i / max(len(names), 1) + math.pi / 2),
                    math.sin(2 * math.pi * i / max(len(names), 1) + math.pi / 2))
                for i, n in enumerate(names)}
    cmap, norm = colormaps["RdYlGn"], Normalize(-6, 6)
    most = max([int(e) for e in dyads["events"]] or [1])
    for _, row in dyads.sort_values("events").iterrows():
        (x1, y1), (x2, y2) = position[row["a"]], position[row["b"]]
        color = "#999" if _nan(row["net_mean"]) else cmap(norm(row["net_mean"]))
        ax.plot([x1, x2], [y1, y2], color=color, linewidth=1 + 9 * int(row["events"]) / most,
                alpha=0.85, solid_capstyle="round", zorder=1)
        ax.text((x1 + x2) / 2, (y1 + y2) / 2, str(int(row["events"])), fontsize=7,
                ha="center", va="center", color="#333", zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    biggest = max(nodes.values() or [1])
    for name, (x, y) in position.items():
        ax.scatter([x], [y], s=300 + 1500 * nodes[name] / biggest, color="#f7f7f7",
                   edgecolors="#333", zorder=2)
        ax.text(x, y, name, ha="center", va="center", fontsize=10, fontweight="bold", zorder=4)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    from matplotlib.cm import ScalarMappable

    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6)
    bar.set_label("mean intensity of the dyad's events")
    return save(fig, path, title, dyads)


STATUS_COLORS = {"met": "#2e8b57", "not met": "#c0392b", "pending": "#f0ad4e",
                 "expired-unresolved": "#9e9e9e"}


def ledger_chart(ledger: pd.DataFrame, record: pd.DataFrame, path: str | Path,
                 title: str = "Forecast ledger", limit: int = 40) -> Path:
    """Each forecast's window as a bar coloured by its status (hand decisions outlined),
    and each holder's record as stacked bars."""
    _check(path)
    shown = ledger.dropna(subset=["from", "by"]).tail(limit)
    fig, axes = _figure(2, [max(2.5, 0.28 * len(shown) + 1), max(2.0, 0.35 * len(record) + 1)])
    ax = axes[0]
    for y, (_, row) in enumerate(shown.iterrows()):
        start, end = pd.Timestamp(row["from"]), pd.Timestamp(row["by"])
        ax.barh(y, max((end - start).days, 1), left=start, height=0.6,
                color=STATUS_COLORS.get(row["status"], "#ccc"),
                edgecolor="#222" if row["decided_by"] == "hand" else "none", linewidth=1.2)
    labels = [f"{(h if isinstance(h, str) else '?')[:18]}: {str(c)[:40]}"
              for h, c in zip(shown["holder"], shown["claim"])]
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    ax.invert_yaxis()
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=s) for s, c in STATUS_COLORS.items()]
              + [Patch(facecolor="white", edgecolor="#222", label="decided by hand")],
              loc="lower right", fontsize=7, frameon=False, ncols=5)
    ax.set_title(title + " (windows)", loc="left", fontsize=13, fontweight="bold")
    ax = axes[1]
    left = [0] * len(record)
    for status, column in (("met", "met"), ("not met", "not_met"), ("pending", "pending"),
                           ("expired-unresolved", "expired_unresolved")):
        ax.barh(list(record["holder"]), record[column], left=left, color=STATUS_COLORS[status],
                label=status)
        left = [l + v for l, v in zip(left, record[column])]
    ax.invert_yaxis()
    ax.set_xlabel("forecasts")
    ax.set_title("Track record by holder", loc="left", fontsize=10)
    return save(fig, path, title, ledger.drop(columns=["sentence"], errors="ignore"))
