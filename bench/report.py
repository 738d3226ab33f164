#!/usr/bin/env python3
"""Turn bench.tsv (written by bench/guest-bench.sh) into a markdown table and a PNG plot.

Usage: report.py BENCH_TSV [MORE_TSV...] OUT_DIR [--check]
The tsvs are merged (guest-bench.sh's from UML, guest-bench-qemu.sh's from QEMU: their "who"
names differ). Writes OUT_DIR/results.md (the table), OUT_DIR/bench.png (via gnuplot) and
prints the table.
With --check, exits 1 unless every row of the table has a number (the smoke test's assertion).
Only the Python standard library is used; the plot is drawn by gnuplot (gnuplot-nox).
"""
import math
import os
import statistics
import subprocess
import sys



def load(path):
    data = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            metric, who, _run, value = parts
            try:
                v = float(value)
            except ValueError:
                continue
            if math.isnan(v):
                continue
            data.setdefault((metric, who), []).append(v)
    return data


def stats(data, metric, who):
    v = data.get((metric, who))
    if not v:
        return None
    return (statistics.median(v), min(v), max(v), len(v))


def fmt(s, unit, digits):
    if s is None:
        return "—"
    med, lo, hi, n = s
    return f"{med:.{digits}f} {unit} ({lo:.{digits}f}–{hi:.{digits}f}, n={n})"


def ratio(a, b):
    if a is None or b is None or b[0] == 0:
        return None
    return a[0] / b[0]


def verdict(r, goal, le):
    if r is None:
        return "—"
    ok = r <= goal if le else r >= goal
    return "yes" if ok else "**no**"


def table(d):
    rows = []
    missing = 0

    def compare(name, ours, base, unit, digits, goal_txt, goal=None, le=True, ok="—"):
        """One row, ours against base; the verdict is the ratio against goal when one is given."""
        r = ratio(ours, base)
        if goal is not None:
            ok = verdict(r, goal, le)
        rows.append(f"| {name} | {fmt(ours, unit, digits)} | {fmt(base, unit, digits)} | "
                    f"{f'{r:.2f}' if r else '—'} | {goal_txt} | {ok} |")

    inc = stats(d, "connect_s", "incumbent")
    for dp, label in (("legacy", "kernel PPPoL2TP"), ("userspace", "userspace")):
        ours = stats(d, "connect_s", f"l2tpc-{dp}")
        missing += ours is None or inc is None
        compare(f"connect: `l2tpc up` ({label}) vs strongSwan+xl2tpd+pppd", ours, inc, "s", 2,
                "≤ 0.2", 0.2)
    ours = stats(d, "connect_s", "nmcli-l2tpc")
    inc_nm = stats(d, "connect_s", "nmcli-nm-l2tp")
    missing += ours is None or inc_nm is None
    compare("connect: `nmcli connection up` l2tpc plugin vs network-manager-l2tp", ours, inc_nm,
            "s", 2, "≤ 0.2", 0.2)
    ours = stats(d, "connect_s", "l2tpc-legacy")
    floor = stats(d, "floor_s", "l2tpc-legacy")
    missing += ours is None or floor is None
    compare("connect: `l2tpc up` (kernel) vs protocol floor (IKE+crypto+SA install, 2 L2TP + 5 PPP RTTs)",
            ours, floor, "s", 2, "≤ 2", 2)
    esp = stats(d, "iperf_mbps", "esp-only")
    for dp, label, goal in (("legacy", "kernel PPPoL2TP", 0.95), ("userspace", "userspace", None)):
        ours = stats(d, "iperf_mbps", f"l2tpc-{dp}")
        missing += ours is None or esp is None
        compare(f"iperf3 TCP through the tunnel ({label}) vs ESP transport alone", ours, esp,
                "Mbit/s", 0, "≥ 0.95" if goal else "(none: fallback)", goal, False)
    compare("iperf3 TCP, kernel PPPoL2TP vs ESP alone at the tunnel's MSS (1360)",
            stats(d, "iperf_mbps", "l2tpc-legacy"), stats(d, "iperf_mbps", "esp-only-mss1360"),
            "Mbit/s", 0, "(diagnostic)")
    # QEMU (stock kernel, l2tp_netlink): both kernel paths against ESP alone in that boot
    esp_q = stats(d, "iperf_mbps", "qemu-esp-only")
    for dp, label in (("netlink", "kernel netlink"), ("legacy", "kernel PPPoL2TP")):
        ours = stats(d, "iperf_mbps", f"qemu-l2tpc-{dp}")
        missing += ours is None or esp_q is None
        compare(f"iperf3 TCP through the tunnel ({label}) vs ESP transport alone, QEMU boot",
                ours, esp_q, "Mbit/s", 1, "≥ 0.95", 0.95, False)
    inc = stats(d, "rss_kb", "incumbent")
    for who, label in (("l2tpc", "l2tpc + its private charon"), ("l2tpc-cli", "l2tpc alone")):
        ours = stats(d, "rss_kb", who)
        missing += ours is None or inc is None
        compare(f"RSS while connected: {label} vs charon + xl2tpd (pppd excluded: both run one)",
                ours, inc, "kB", 0, "≤ 0.5", 0.5)
    inc = stats(d, "rss_kb", "nm-l2tp-incumbent")
    for who, label in (("nm-l2tpc-service", "our NM service"),
                       ("nm-l2tpc-service+charon", "our NM service + its private charon")):
        ours = stats(d, "rss_kb", who)
        missing += ours is None or inc is None
        compare(f"RSS while connected: {label} vs nm-l2tp-service + xl2tpd + charon + starter",
                ours, inc, "kB", 0, "≤ 0.5", 0.5)
    svc = stats(d, "rss_kb", "nm-l2tp-service")
    missing += svc is None
    compare("RSS: our NM service vs nm-l2tp-service alone", stats(d, "rss_kb", "nm-l2tpc-service"),
            svc, "kB", 0, "(diagnostic)")
    # teardown's goal is absolute (≤ 1 s); the incumbent is there for scale
    for name, who, base in (
            ("`l2tpc down` (kernel PPPoL2TP); incumbent for scale", "l2tpc-legacy", "incumbent"),
            ("`l2tpc down` (userspace); incumbent for scale", "l2tpc-userspace", "incumbent"),
            ("`nmcli connection down` l2tpc plugin; network-manager-l2tp for scale",
             "nmcli-l2tpc", "nmcli-nm-l2tp")):
        ours = stats(d, "teardown_s", who)
        inc = stats(d, "teardown_s", base)
        missing += ours is None or inc is None
        compare(f"teardown to zero residue: {name}", ours, inc, "s", 2, "≤ 1 s",
                ok="—" if ours is None else ("yes" if ours[0] <= 1.0 else "**no**"))
    head = ["| measurement | l2tpc | incumbent / baseline | ratio | goal | met |",
            "|---|---|---|---|---|---|"]
    return "\n".join(head + rows) + "\n", missing


def breakdown(d):
    """Secondary lines: where the connect time goes (medians)."""
    out = []
    for metric, who, text in (
            ("phase_charon_s", "l2tpc-legacy", "l2tpc: private charon start to VICI ready"),
            ("phase_ike_wait_s", "l2tpc-legacy", "l2tpc: VICI initiate to first IKE packet"),
            ("floor_ike_s", "l2tpc-legacy", "l2tpc: IKE + Quick Mode + SA install (charon log)"),
            ("phase_l2tp_s", "l2tpc-legacy", "l2tpc: L2TP SCCRQ to ICCN"),
            ("floor_l2tp_s", "l2tpc-legacy", "floor: 2 L2TP round trips at the tunnel RTT"),
            ("phase_ppp_s", "l2tpc-legacy",
             "l2tpc: L2TP call up to IPCP up (pppd was started during IKE)"),
            ("floor_ppp_s", "l2tpc-legacy", "floor: 5 PPP round trips at the tunnel RTT"),
            ("phase_charon_s", "incumbent", "incumbent: charon start to VICI socket"),
            ("phase_ipsec_s", "incumbent", "incumbent: swanctl load + initiate"),
            ("floor_ike_s", "incumbent", "incumbent: IKE + Quick Mode + SA install (charon log)"),
            ("phase_l2tp_ppp_s", "incumbent", "incumbent: xl2tpd start + dial to ppp address"),
            ("phase_service_s", "nmcli-l2tpc", "nmcli, ours: nmcli start to the service's connect"),
            ("phase_ipsec_s", "nmcli-l2tpc", "nmcli, ours: connect to IPsec SA up"),
            ("phase_l2tp_ppp_s", "nmcli-l2tpc", "nmcli, ours: IPsec SA up to ppp address"),
            ("phase_service_s", "nmcli-nm-l2tp",
             "nmcli, nm-l2tp: nmcli start to the service's connect"),
            ("phase_ipsec_restart_s", "nmcli-nm-l2tp",
             "nmcli, nm-l2tp: ipsec status + restart (stop, sleep 2, start) + rereadsecrets"),
            ("phase_ipsec_up_s", "nmcli-nm-l2tp", "nmcli, nm-l2tp: ipsec up until it reports the SA"),
            ("phase_xl2tpd_s", "nmcli-nm-l2tp", "nmcli, nm-l2tp: IPsec SA up to xl2tpd started"),
            ("phase_l2tp_ppp_s", "nmcli-nm-l2tp", "nmcli, nm-l2tp: IPsec SA up to ppp address"),
    ):
        s = stats(d, metric, who)
        if s:
            out.append(f"- {text}: {s[0]:.3f} s (min {s[1]:.3f}, max {s[2]:.3f})")
    return "\n".join(out) + "\n"


PANELS = (
    ("connect time (s)", "connect_s", (("l2tpc-legacy", "l2tpc kernel"),
                                       ("l2tpc-userspace", "l2tpc userspace"),
                                       ("incumbent", "incumbent"),
                                       ("nmcli-l2tpc", "nmcli l2tpc"),
                                       ("nmcli-nm-l2tp", "nmcli nm-l2tp"))),
    ("TCP throughput (Mbit/s)", "iperf_mbps", (("l2tpc-legacy", "l2tpc kernel"),
                                               ("l2tpc-userspace", "l2tpc userspace"),
                                               ("esp-only", "ESP alone"),
                                               ("esp-only-mss1360", "ESP, MSS 1360"))),
    ("TCP throughput, QEMU boot (Mbit/s)", "iperf_mbps", (("qemu-l2tpc-netlink", "l2tpc netlink"),
                                                       ("qemu-l2tpc-legacy", "l2tpc PPPoL2TP"),
                                                       ("qemu-esp-only", "ESP alone"),
                                                       ("qemu-esp-only-mss1360",
                                                        "ESP, MSS 1360"))),
    ("RSS while connected (kB)", "rss_kb", (("l2tpc-cli", "l2tpc"),
                                            ("l2tpc", "l2tpc+charon"),
                                            ("incumbent", "charon+xl2tpd"),
                                            ("nm-l2tpc-service", "NM ours"),
                                            ("nm-l2tpc-service+charon", "NM ours+charon"),
                                            ("nm-l2tp-incumbent", "nm-l2tp stack"))),
    ("teardown to zero residue (s)", "teardown_s", (("l2tpc-legacy", "l2tpc kernel"),
                                                    ("l2tpc-userspace", "l2tpc userspace"),
                                                    ("incumbent", "incumbent"),
                                                    ("nmcli-l2tpc", "nmcli l2tpc"),
                                                    ("nmcli-nm-l2tp", "nmcli nm-l2tp"))),
)


def plot(d, out_dir):
    script = ["set terminal pngcairo size 1800,900 font 'sans,9'",
              f"set output '{os.path.join(out_dir, 'bench.png')}'",
              "set multiplot layout 2,3 title 'l2tpc vs incumbent, one UML boot (and one QEMU "
              "boot for the netlink path) (bar = median, whisker = min..max)'",
              "set style fill solid 0.6 border -1", "set boxwidth 0.6", "set yrange [0:*]",
              "set xrange [-0.6:*]", "unset key", "set grid ytics"]
    extra = []
    floor = stats(d, "floor_s", "l2tpc-legacy")
    for i, (title, metric, whos) in enumerate(PANELS):
        path = os.path.join(out_dir, f"plot-{i}.dat")
        with open(path, "w", encoding="utf-8") as f:
            for x, (who, label) in enumerate(whos):
                s = stats(d, metric, who) or (0, 0, 0, 0)
                f.write(f'{x} "{label}" {s[0]} {s[1]} {s[2]}\n')
        extra = []
        if metric == "connect_s" and floor:
            extra = [f", {floor[0]} with lines dt 2 lw 2 lc rgb 'red' title 'protocol floor'"]
        script += [f"set title '{title}'",
                   "set key top right" if extra else "unset key",
                   f"plot '{path}' using 1:3:xtic(2) with boxes lc rgb '#4a7ebb' notitle, "
                   f"'' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 7 ps 0.5 notitle"
                   + "".join(extra)]
    script.append("unset multiplot")
    gp = os.path.join(out_dir, "bench.gp")
    with open(gp, "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    subprocess.run(["gnuplot", gp], check=True)


def main():
    if len([a for a in sys.argv[1:] if a != "--check"]) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    tsvs, out_dir = args[:-1], args[-1]
    tsv = " + ".join(tsvs)
    os.makedirs(out_dir, exist_ok=True)
    d = {}
    for path in tsvs:
        for key, values in load(path).items():
            d.setdefault(key, []).extend(values)
    tab, missing = table(d)
    text = tab + "\nWhere the connect time goes (medians):\n\n" + breakdown(d)
    with open(os.path.join(out_dir, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text, end="")
    plot(d, out_dir)
    print(f"plot: {os.path.join(out_dir, 'bench.png')}")
    if check and missing:
        print(f"report: {missing} measurement(s) missing from {tsv}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
