extension LayoutSVG {
  /// The pictures' colours, light and dark (the reader's `prefers-color-scheme`).
  /// Members alternate four pale fills so neighbours stand apart; holes and padding are
  /// hatched in two directions and labelled, so nothing depends on colour alone.
  static let css: StaticString = """
    svg.klp-layout { --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --row: #f6f8fa; --beyond: #ffffff;
      --grid: #d1d9e0; --stroke: #59636e; --m0: #ddf4ff; --m1: #dafbe1; --m2: #fff1d6; --m3: #fbefff;
      --hole: #cf222e; --pad: #9a6700; --hatch-bg: #ffffff; --highlight: #ffd33d; --added: #4ac26b;
      --moved: #54aeff; --removed: #ff8182; --changed: #d4a72c; }
    @media (prefers-color-scheme: dark) {
      svg.klp-layout { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --row: #161b22; --beyond: #0d1117;
        --grid: #30363d; --stroke: #8b949e; --m0: #0c2d4a; --m1: #0f3420; --m2: #3d2c0a; --m3: #2e1a3d;
        --hole: #ff7b72; --pad: #d29922; --hatch-bg: #161b22; --highlight: #9e6a03; --added: #1f6f3a;
        --moved: #1f4f8a; --removed: #8e1519; --changed: #7d5b0e; }
    }
    svg.klp-layout { color: var(--fg); }
    svg.klp-layout text { fill: var(--fg); font-size: 11px; }
    svg.klp-layout .bg { fill: var(--bg); }
    svg.klp-layout .type-title { font-size: 14px; font-weight: 600; }
    svg.klp-layout .muted, svg.klp-layout tspan.muted { fill: var(--muted); font-weight: 400; font-size: 12px; }
    svg.klp-layout .row { fill: var(--row); stroke: var(--grid); }
    svg.klp-layout .beyond { fill: var(--beyond); stroke: var(--grid); stroke-dasharray: 2 3; }
    svg.klp-layout .row-label { text-anchor: end; fill: var(--muted); }
    svg.klp-layout .row-label.small, svg.klp-layout .label.small { font-size: 10px; }
    svg.klp-layout .tick { stroke: var(--muted); }
    svg.klp-layout .tick-label { text-anchor: middle; font-size: 10px; fill: var(--muted); }
    svg.klp-layout .label { text-anchor: middle; pointer-events: none; }
    svg.klp-layout .label.start { text-anchor: start; }
    svg.klp-layout .member > .piece { stroke: var(--stroke); stroke-width: 1; }
    svg.klp-layout .m0 > .piece, svg.klp-layout .swatch.m0 { fill: var(--m0); }
    svg.klp-layout .m1 > .piece { fill: var(--m1); }
    svg.klp-layout .m2 > .piece { fill: var(--m2); }
    svg.klp-layout .m3 > .piece { fill: var(--m3); }
    svg.klp-layout .member.container > .piece { fill-opacity: 0.55; }
    svg.klp-layout .member.bitfield > .piece { stroke-width: 0.5; }
    svg.klp-layout .unit { fill: none; stroke: var(--muted); stroke-width: 1; stroke-dasharray: 3 2; }
    svg.klp-layout .member.unknown > .piece { stroke: var(--hole); stroke-width: 3; }
    svg.klp-layout .highlight > .piece, svg.klp-layout .swatch.highlight { fill: var(--highlight); stroke-width: 2; }
    svg.klp-layout .added > .piece, svg.klp-layout .swatch.added { fill: var(--added); stroke-width: 2; }
    svg.klp-layout .moved > .piece, svg.klp-layout .swatch.moved { fill: var(--moved); stroke-width: 2; }
    svg.klp-layout .removed > .piece, svg.klp-layout .swatch.removed { fill: var(--removed); stroke-width: 2; }
    svg.klp-layout .changed > .piece, svg.klp-layout .swatch.changed { fill: var(--changed); stroke-width: 2; }
    svg.klp-layout .hole > .piece, svg.klp-layout .padding > .piece { stroke: var(--stroke); stroke-width: 1; }
    svg.klp-layout .hole > .label { fill: var(--hole); font-weight: 600; }
    svg.klp-layout .padding > .label { fill: var(--pad); font-weight: 600; }
    svg.klp-layout .hatch-bg { fill: var(--hatch-bg); }
    svg.klp-layout .hatch-hole { stroke: var(--hole); stroke-width: 1.5; }
    svg.klp-layout .hatch-padding { stroke: var(--pad); stroke-width: 1.5; }
    svg.klp-layout .swatch { stroke: var(--stroke); }
    svg.klp-layout .cut { stroke: var(--fg); stroke-width: 2.5; stroke-dasharray: 4 3; }
    svg.klp-layout .link-target { fill: transparent; cursor: pointer; }
    svg.klp-layout .legend-label { fill: var(--fg); }

    """
}
