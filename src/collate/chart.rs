//! Bar charts as inline SVG, drawn by plotters' SVG backend, for the HTML digest.
//!
//! A chart only shows what the table beside it holds: the digest always writes the numbers in
//! a table too (for screen readers, which are told to skip the picture, and for printing in
//! black and white), so a chart that cannot be drawn is left out and nothing is lost. Labels
//! come from the files: they arrive sanitised, are cut short here (the table has them whole),
//! and plotters escapes them as SVG text.
//!
//! Bars are drawn as rectangles one by one, in order, so that the same counts always give the
//! same SVG (plotters' `Histogram` gathers its data in a hash map, whose order changes from run
//! to run).

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The bars' colour: dark enough to print as a solid grey in black and white.
const BAR: RGBColor = RGBColor(0x1f, 0x5f, 0x8b);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
/// The width of every chart, in SVG units (the page scales it to fit).
const WIDTH: u32 = 760;
/// The height of one bar's row in a chart of horizontal bars.
const ROW: u32 = 30;
/// How many characters of a label show beside its bar.
const LABEL_CHARS: usize = 44;
const FONT: (&str, u32) = ("sans-serif", 16);

/// One bar: its label and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    pub label: String,
    pub count: usize,
}

/// Horizontal bars, one row each, top to bottom in the order given, each with its count at
/// its end; `axis` names what is counted. `None` when there is nothing to draw.
pub(crate) fn horizontal(bars: &[Bar], axis: &str) -> Option<String> {
    if bars.is_empty() {
        return None;
    }
    let n = bars.len() as f64;
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_area = u32::try_from(longest * 8 + 16)
        .unwrap_or(u32::MAX)
        .clamp(60, 360);
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let x_end = count_end(max)?;
    let rows = u32::try_from(bars.len()).ok()?;
    // Row `i` from the top spans `n - 1 - i` to `n - i` on the y axis, which goes up.
    let bottom = |i: usize| n - 1.0 - i as f64;
    drawn(rows.checked_mul(ROW)?.checked_add(64)?, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(44)
            .y_label_area_size(label_area)
            .build_cartesian_2d(0u32..x_end, 0f64..n)
            .ok()?;
        // Each bar's label is drawn beside it below, not as one of the axis's own labels.
        draw_mesh(
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(1)
                .y_label_formatter(&|_| String::new())
                .x_labels(ticks(max))
                .x_label_formatter(&|x| x.to_string())
                .x_desc(axis),
        )?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Rectangle::new(
                    [
                        (0, bottom(i) + BAR_GAP),
                        (b.count as u32, bottom(i) + 1.0 - BAR_GAP),
                    ],
                    BAR.filled(),
                )
            }))
            .ok()?;
        let left = TextStyle::from(FONT.into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        let right = TextStyle::from(FONT.into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, (label, b)) in labels.iter().zip(bars).enumerate() {
            let (x, y) = chart.backend_coord(&(0, bottom(i) + 0.5));
            root.draw(&Text::new(label.as_str(), (x - 8, y), left.clone()))
                .ok()?;
            let (x, y) = chart.backend_coord(&(b.count as u32, bottom(i) + 0.5));
            root.draw(&Text::new(b.count.to_string(), (x + 6, y), right.clone()))
                .ok()?;
        }
        Some(())
    })
}

/// Vertical bars, left to right in the order given (weeks), labelled below (every one, or
/// evenly spaced ones when there are many); `axis` names what is counted. `None` when there is
/// nothing to draw.
pub(crate) fn columns(bars: &[Bar], axis: &str) -> Option<String> {
    if bars.is_empty() {
        return None;
    }
    let n = bars.len() as f64;
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let y_end = count_end(max)?;
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
    // About ten labels fit under the bars.
    let every = bars.len().div_ceil(10);
    drawn(320, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..n, 0u32..y_end)
            .ok()?;
        draw_mesh(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(1)
                .x_label_formatter(&|_| String::new())
                .y_labels(ticks(max))
                .y_label_formatter(&|y| y.to_string())
                .y_desc(axis),
        )?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let i = i as f64;
                Rectangle::new(
                    [(i + BAR_GAP, 0), (i + 1.0 - BAR_GAP, b.count as u32)],
                    BAR.filled(),
                )
            }))
            .ok()?;
        let below = TextStyle::from(FONT.into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, label) in labels.iter().enumerate().step_by(every) {
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0));
            root.draw(&Text::new(label.as_str(), (x, y + 8), below.clone()))
                .ok()?;
        }
        Some(())
    })
}

/// A chart `height` high drawn by `draw` on a white ground, as the page holds it; `None` when
/// it cannot be drawn.
fn drawn(
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Option<()>,
) -> Option<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        draw(&root)?;
        root.present().ok()?;
    }
    Some(for_the_page(svg))
}

/// Draws the grid and axes in the charts' one style: labels in [`FONT`], the grid's lines
/// light.
fn draw_mesh<X, Y, DB>(mesh: &mut MeshStyle<'_, '_, X, Y, DB>) -> Option<()>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
    DB: DrawingBackend,
{
    mesh.label_style(FONT)
        .axis_desc_style(FONT)
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()
        .ok()
}

/// Where the count axis ends for a longest bar of `max`: room past it for its count.
fn count_end(max: usize) -> Option<u32> {
    u32::try_from(max + max / 8 + 1).ok()
}

/// The space between bars, as a share of a bar's row or column on each side.
const BAR_GAP: f64 = 0.15;

/// How many ticks the count axis gets: every whole number up to 10, then about ten.
fn ticks(max: usize) -> usize {
    (max + 1).min(10)
}

/// A label cut to what fits beside a bar.
fn short(label: &str) -> String {
    match label.char_indices().nth(LABEL_CHARS) {
        Some((end, _)) => format!("{}…", label[..end].trim_end()),
        None => label.to_string(),
    }
}

/// The SVG as the page holds it: hidden from screen readers (the table beside it has the same
/// numbers, in words), scaled by the page's stylesheet.
fn for_the_page(svg: String) -> String {
    match svg.strip_prefix("<svg ") {
        Some(rest) => {
            format!("<svg class=\"chart\" aria-hidden=\"true\" focusable=\"false\" {rest}")
        }
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(labels: &[(&str, usize)]) -> Vec<Bar> {
        labels
            .iter()
            .map(|(l, c)| Bar {
                label: l.to_string(),
                count: *c,
            })
            .collect()
    }

    /// The number an SVG element's attribute holds.
    fn attribute(element: &str, name: &str) -> f64 {
        element
            .split(&format!(" {name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn a_chart_is_svg_with_a_bar_for_each_count_and_escaped_labels() {
        let svg = horizontal(
            &bars(&[
                ("NHS <Trusts> & \"others\"", 3),
                ("Nobody", 0),
                ("Other", 1),
            ]),
            "Responses",
        )
        .unwrap();
        assert!(
            svg.starts_with("<svg class=\"chart\" aria-hidden=\"true\""),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            svg.contains("NHS &lt;Trusts&gt; &amp; &quot;others&quot;"),
            "{svg}"
        );
        assert!(!svg.contains("<Trusts>"));
        // Two bars with a length (the zero one has none), in the bar colour.
        let filled = svg.matches("fill=\"#1F5F8B\"").count();
        assert!(filled >= 2, "{filled} bars in {svg}");
        assert!(
            svg.contains(">\n3\n</text>") || svg.contains(">3<"),
            "{svg}"
        );
    }

    #[test]
    fn the_same_counts_give_the_same_svg() {
        let b = bars(&[("a", 3), ("b", 1), ("c", 4), ("d", 1), ("e", 5), ("f", 9)]);
        let svg = horizontal(&b, "x").unwrap();
        assert_eq!(Some(&svg), horizontal(&b, "x").as_ref());
        assert_eq!(columns(&b, "x"), columns(&b, "x"));
        // The bars in order, top to bottom: the longest (9) is the lowest.
        let bars: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains("#1F5F8B"))
            .collect();
        let widths: Vec<f64> = bars.iter().map(|b| attribute(b, "width")).collect();
        let ys: Vec<f64> = bars.iter().map(|b| attribute(b, "y")).collect();
        assert_eq!(widths.len(), 6);
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
        assert!(widths[5] > widths[4] && widths[4] > widths[2] && widths[2] > widths[0]);
    }

    #[test]
    fn one_bar_is_drawn_like_any_other() {
        for svg in [
            horizontal(&bars(&[("2016.1", 8)]), "Responses").unwrap(),
            columns(&bars(&[("30 Nov", 8)]), "Responses").unwrap(),
        ] {
            let bar = svg
                .lines()
                .find(|l| l.starts_with("<rect") && l.contains("#1F5F8B"))
                .unwrap_or_else(|| panic!("no bar in {svg}"));
            assert!(
                attribute(bar, "width") > 100.0 && attribute(bar, "height") > 10.0,
                "{bar}"
            );
            assert!(svg.contains("2016.1") || svg.contains("30 Nov"));
        }
    }

    #[test]
    fn nothing_to_draw_is_no_chart() {
        assert_eq!(horizontal(&[], "x"), None);
        assert_eq!(columns(&[], "x"), None);
        assert!(columns(&bars(&[("2 Mar", 1), ("9 Mar", 0)]), "Responses").is_some());
    }

    #[test]
    fn any_number_of_bars_and_any_counts_draw() {
        for n in [1, 2, 3, 7, 40, 200] {
            for max in [0, 1, 2, 9, 10, 11, 99, 10_000, 1_000_000] {
                let bars: Vec<Bar> = (0..n)
                    .map(|i| Bar {
                        label: format!("bar {i}"),
                        count: max * i / n.max(1),
                    })
                    .chain([Bar {
                        label: "max".into(),
                        count: max,
                    }])
                    .collect();
                let svg = horizontal(&bars, "Responses").expect("drawn");
                assert!(svg.contains(">\nbar 0\n</text>"), "{n} {max}");
                assert!(columns(&bars, "Responses").is_some(), "{n} {max}");
            }
        }
    }

    #[test]
    fn long_labels_are_cut_in_the_chart() {
        let long = "word ".repeat(40);
        let svg = horizontal(&bars(&[(&long, 1)]), "Responses").unwrap();
        assert!(!svg.contains(&long));
        assert!(svg.contains("word word…") || svg.contains("word…"), "{svg}");
    }
}
