//! The HTML page's node positions: a deterministic force layout of the graph's nodes (given by
//! their label widths) and edges. Plain Rust with no crate dependency, so that `build.rs`
//! compiles this very file (`#[path]`) to lay out the built-in essay once, when the crate is
//! built (`src/builtin.rs` `html_layout`), and `export/html.rs` lays out any other graph with it.

/// A layout's inputs and its answer, as `build.rs` stores the built-in essay's: each node's
/// label width, each edge's ends, and the positions [`layout`] makes of them.
pub(crate) type StoredLayout = (Vec<f64>, Vec<(usize, usize)>, Vec<(f64, f64)>);

/// The layout's canvas, in SVG user units.
const WIDTH: f64 = 1600.0;
const HEIGHT: f64 = 1200.0;
/// Force-layout iterations; a fixed number keeps the output deterministic. The temperature (the
/// most a node moves in one iteration) starts at an eighth of the canvas and falls by
/// [`LAYOUT_COOLING`] each time, reaching its floor of 1 unit at the last iteration: 150 give the
/// essay as few edge crossings and as even edge lengths as the 400 (with cooling 0.985) before,
/// for 0.38 of the work (benches/analysis.md, "Essay commands, round 5").
const LAYOUT_ITERATIONS: usize = 150;
/// 200 · 0.9653^150 ≈ 1.
const LAYOUT_COOLING: f64 = 0.9653;
/// The cosine and sine of the golden angle, π(3 − √5), which spaces the starting spiral evenly;
/// written out so that the layout needs only IEEE-exact arithmetic (no `sin`/`cos` from libm,
/// whose last bit may differ between platforms, and which kg would load for this alone).
const GOLDEN_COS: f64 = -0.737_368_878_078_319_7;
const GOLDEN_SIN: f64 = 0.675_490_294_261_523_8;
/// The box a node and its label take (the page draws a shape 30 units high with a 15-unit label
/// below, cut at 30 characters): no two boxes overlap after the layout.
pub(crate) const NODE_BOX_HEIGHT: f64 = 50.0;
const LABEL_CHAR_WIDTH: f64 = 8.0;
const LABEL_MAX_CHARS: usize = 30;

/// The width of a node's box: its label's, or its shape's.
pub(crate) fn box_width(label: &str) -> f64 {
    (label.chars().count().min(LABEL_MAX_CHARS) as f64 * LABEL_CHAR_WIDTH).max(40.0) + 12.0
}

/// Node positions by a Fruchterman–Reingold force layout from a deterministic start (a spiral in
/// entity-id order), followed by a pass that moves apart any two nodes whose boxes (shape and
/// label) overlap; coordinates rounded to a tenth of a unit. Only IEEE-exact operations (`+ − × ÷`,
/// `sqrt`, comparisons), in a fixed order, so every platform draws the same page.
///
/// # Complexity
/// O(iterations · V²) + O(V² · passes); about 0.9 million pair visits for the essay.
pub(crate) fn layout(widths: &[f64], edges: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let n = widths.len();
    if n == 0 {
        return Vec::new();
    }
    let mut edges: Vec<(usize, usize)> = edges.iter().copied().filter(|&(s, t)| s != t && s.max(t) < n).collect();
    edges.sort_unstable();
    edges.dedup();
    let area = WIDTH * HEIGHT;
    let k = (area / n as f64).sqrt() * 0.9;
    let k2 = k * k;
    // An even spiral: node i at the golden angle times i, its cosine and sine by rotating the
    // previous node's.
    let (mut cos, mut sin) = (1.0f64, 0.0f64);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = 0.45 * HEIGHT * ((i as f64 + 0.5) / n as f64).sqrt();
            let p = (WIDTH / 2.0 + r * cos, HEIGHT / 2.0 + r * sin);
            (cos, sin) = (cos * GOLDEN_COS - sin * GOLDEN_SIN, cos * GOLDEN_SIN + sin * GOLDEN_COS);
            p
        })
        .collect();
    let mut temperature = WIDTH / 8.0;
    for _ in 0..LAYOUT_ITERATIONS {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        // Every pair once (the O(V²) heart of the layout): node i's push is summed in registers,
        // in the same order as element by element, so the result is the same to the bit.
        for i in 0..n {
            let (xi, yi) = pos[i];
            let (done, rest) = disp.split_at_mut(i + 1);
            let (mut ax, mut ay) = done[i];
            for (pj, dj) in pos[i + 1..].iter().zip(rest) {
                let (dx, dy) = (xi - pj.0, yi - pj.1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k2 / d2; // repulsion k²/d, as a factor of the (dx, dy) vector
                ax += dx * f;
                ay += dy * f;
                dj.0 -= dx * f;
                dj.1 -= dy * f;
            }
            done[i] = (ax, ay);
        }
        for &(s, t) in &edges {
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k; // attraction d²/k, as a factor of (dx, dy)
            disp[s].0 -= dx * f;
            disp[s].1 -= dy * f;
            disp[t].0 += dx * f;
            disp[t].1 += dy * f;
        }
        for i in 0..n {
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let step = d.min(temperature);
            // A weak pull to the centre keeps unconnected parts on the canvas.
            let (cx, cy) = (WIDTH / 2.0 - pos[i].0, HEIGHT / 2.0 - pos[i].1);
            pos[i].0 = (pos[i].0 + dx / d * step + cx * 0.01).clamp(0.0, WIDTH);
            pos[i].1 = (pos[i].1 + dy / d * step + cy * 0.01).clamp(0.0, HEIGHT);
        }
        temperature = (temperature * LAYOUT_COOLING).max(1.0);
    }
    fit(&mut pos);
    separate(&mut pos, widths);
    pos.into_iter().map(|(x, y)| ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)).collect()
}

/// Scales and moves the positions into the canvas, keeping their proportions.
fn fit(pos: &mut [(f64, f64)]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos.iter() {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let scale = (WIDTH / (x1 - x0).max(1.0)).min(HEIGHT / (y1 - y0).max(1.0));
    for p in pos.iter_mut() {
        *p = ((p.0 - x0) * scale, (p.1 - y0) * scale);
    }
}

/// Moves apart pairs of nodes whose boxes overlap, along the axis where they overlap least, a
/// bounded number of passes.
fn separate(pos: &mut [(f64, f64)], widths: &[f64]) {
    const PASSES: usize = 300;
    for _ in 0..PASSES {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let over_x = (widths[i] + widths[j]) / 2.0 - dx.abs();
                let over_y = NODE_BOX_HEIGHT - dy.abs();
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Coincident nodes part in a direction fixed by their indices.
                let sign = |d: f64| if d > 0.0 || (d == 0.0 && (i + j) % 2 == 0) { 1.0 } else { -1.0 };
                if over_x < over_y {
                    let push = over_x / 2.0 + 0.5;
                    pos[i].0 -= sign(dx) * push;
                    pos[j].0 += sign(dx) * push;
                } else {
                    let push = over_y / 2.0 + 0.5;
                    pos[i].1 -= sign(dy) * push;
                    pos[j].1 += sign(dy) * push;
                }
            }
        }
        if !moved {
            break;
        }
    }
}
