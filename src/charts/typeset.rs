//! Text set the way an SVG viewer sets it, for both outputs.
//!
//! plotters' own ab_glyph text drops each glyph's left side bearing and
//! scales fonts by their line height rather than their em, so PNG text is
//! unevenly spaced ("outpu t", "目 标") and Chinese comes out smaller than
//! Latin. [`Typeset`] wraps a backend: it measures every text by the em the
//! SVG's `font-size` gives (plotters writes `size / 1.24`), with advances and
//! kerning, and on a raster backend it draws each glyph at its own pen
//! position and bearing, on the baseline the SVG's `dy` puts it.

use super::fonts;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily,
};

/// plotters' SVG backend writes `font-size` as the style's size over this.
const SVG_SIZE_DIVISOR: f64 = 1.24;

/// The em of text of plotters size `size`, in pixels.
pub fn em(size: f64) -> f32 {
    (size / SVG_SIZE_DIVISOR) as f32
}

/// One font at one em size, ready to measure and draw.
struct Face {
    font: FontRef<'static>,
    scale: PxScale,
    em: f32,
}

impl Face {
    /// The registered face of `family`, or `None` for a family targetsim
    /// did not register (plotters' defaults are never used by the charts).
    fn new(family: &str, size: f64) -> Option<Face> {
        let font = fonts::face(family)?;
        let em = em(size);
        let upem = font.units_per_em().unwrap_or(1000.0);
        // ab_glyph's PxScale is the height from descent to ascent.
        let scale = PxScale::from(em * font.height_unscaled() / upem);
        Some(Face { font, scale, em })
    }

    /// Pen positions of each glyph along the baseline, and the total advance.
    fn layout(&self, text: &str) -> (Vec<(ab_glyph::GlyphId, f32)>, f32) {
        let scaled = self.font.as_scaled(self.scale);
        let mut x = 0.0f32;
        let mut prev = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            glyphs.push((id, x));
            x += scaled.h_advance(id);
            prev = Some(id);
        }
        (glyphs, x)
    }

    /// Half the height of a lowercase x: SVG's `0.5ex`.
    fn half_ex(&self) -> f32 {
        let scaled = self.font.as_scaled(self.scale);
        let x = scaled.scaled_glyph('x');
        self.font
            .outline_glyph(x)
            .map_or(0.25 * self.em, |g| -g.px_bounds().min.y / 2.0)
    }

    /// Height of a line: ascent to descent.
    fn line_height(&self) -> f32 {
        let scaled = self.font.as_scaled(self.scale);
        scaled.ascent() - scaled.descent()
    }

    /// Where the baseline sits below the anchor point, as plotters' SVG
    /// backend places it with `dy` (`0.76em`, `0.5ex`, `-0.5ex`).
    fn baseline(&self, v: VPos) -> f32 {
        match v {
            VPos::Top => 0.76 * self.em,
            VPos::Center => self.half_ex(),
            VPos::Bottom => -self.half_ex(),
        }
    }
}

/// Width and height in pixels of `text` in `family` at plotters size `size`.
pub fn measure(family: &str, size: f64, text: &str) -> Option<(u32, u32)> {
    let face = Face::new(family, size)?;
    let (_, width) = face.layout(text);
    Some((width.ceil() as u32, face.line_height().ceil() as u32))
}

/// A backend whose text is measured (and, if `raster`, drawn) as above.
pub struct Typeset<B> {
    inner: B,
    raster: bool,
}

impl<B: DrawingBackend> Typeset<B> {
    /// Wrap `inner`; `raster` when it draws pixels rather than text elements.
    pub fn new(inner: B, raster: bool) -> Self {
        Typeset { inner, raster }
    }

    fn draw_glyphs<S: BackendTextStyle>(
        &mut self,
        face: &Face,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        let colour = style.color();
        let (glyphs, width) = face.layout(text);
        let anchor = style.anchor();
        let left = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let baseline = face.baseline(anchor.v_pos);
        let turn = style.transform();
        let (w, h) = self.inner.get_size();
        for (id, x) in glyphs {
            let glyph = id.with_scale_and_position(face.scale, point(left + x, baseline));
            let Some(outline) = face.font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    pixels.push((
                        bounds.min.x as i32 + gx as i32,
                        bounds.min.y as i32 + gy as i32,
                        coverage,
                    ));
                }
            });
            for (dx, dy, coverage) in pixels {
                let (dx, dy) = turn.transform(dx, dy);
                let (px, py) = (pos.0 + dx, pos.1 + dy);
                if px >= 0 && py >= 0 && px < w as i32 && py < h as i32 {
                    let shade = BackendColor {
                        alpha: colour.alpha * f64::from(coverage.min(1.0)),
                        rgb: colour.rgb,
                    };
                    self.inner.draw_pixel((px, py), shade)?;
                }
            }
        }
        Ok(())
    }
}

fn family_name<S: BackendTextStyle>(style: &S) -> String {
    match style.family() {
        FontFamily::Name(n) => n.to_string(),
        other => other.as_str().to_string(),
    }
}

impl<B: DrawingBackend> DrawingBackend for Typeset<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if !self.raster || style.color().alpha == 0.0 {
            return self.inner.draw_text(text, style, pos);
        }
        match Face::new(&family_name(style), style.size()) {
            Some(face) => self.draw_glyphs(&face, text, style, pos),
            None => self.inner.draw_text(text, style, pos),
        }
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match measure(&family_name(style), style.size(), text) {
            Some(size) => Ok(size),
            None => self.inner.estimate_text_size(text, style),
        }
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;
    use plotters::style::text_anchor::Pos;

    /// The columns and rows holding ink after drawing `text` at (20, 20),
    /// top-left anchored, at an em of 100 px.
    fn ink(text: &str) -> ((usize, usize), (usize, usize)) {
        super::fonts::register_latin();
        let (w, h) = (800usize, 200usize);
        let mut rgb = vec![255u8; w * h * 3];
        {
            let backend = BitMapBackend::with_buffer(&mut rgb, (w as u32, h as u32));
            let area = Typeset::new(backend, true).into_drawing_area();
            let font = FontDesc::new(FontFamily::Name(fonts::LATIN), 124.0, FontStyle::Normal);
            area.draw(&Text::new(
                text.to_string(),
                (20, 20),
                font.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .unwrap();
            area.present().unwrap();
        }
        let dark = |x: usize, y: usize| rgb[(y * w + x) * 3] < 128;
        let cols: Vec<usize> = (0..w).filter(|&x| (0..h).any(|y| dark(x, y))).collect();
        let rows: Vec<usize> = (0..h).filter(|&y| (0..w).any(|x| dark(x, y))).collect();
        (
            (cols[0], *cols.last().unwrap()),
            (rows[0], *rows.last().unwrap()),
        )
    }

    fn bearings(c: char) -> (f32, f32, f32) {
        let face = Face::new(fonts::LATIN, 124.0).unwrap();
        let scaled = face.font.as_scaled(face.scale);
        let id = scaled.glyph_id(c);
        let outline = face.font.outline(id).unwrap().bounds;
        let k = face.scale.x / face.font.height_unscaled();
        (scaled.h_advance(id), outline.min.x * k, outline.max.x * k)
    }

    #[test]
    fn glyphs_keep_their_side_bearings() {
        // 'I' starts a tenth of an em right of the pen; dropping that
        // bearing is what set "IT industry" as "I Tindustry".
        let (_, left, right) = bearings('I');
        let ((x0, x1), _) = ink("I");
        assert!(
            (x0 as f32 - (20.0 + left)).abs() <= 1.5,
            "{x0} vs {}",
            20.0 + left
        );
        assert!(
            (x1 as f32 - (20.0 + right)).abs() <= 1.5,
            "{x1} vs {}",
            20.0 + right
        );
        // Two glyphs: the second starts at the first's advance plus its bearing.
        let (advance, _, _) = bearings('I');
        let (_, t_left, t_right) = bearings('T');
        let ((x0, x1), _) = ink("IT");
        assert!((x0 as f32 - (20.0 + left)).abs() <= 1.5);
        let end = 20.0 + advance + t_right;
        assert!((x1 as f32 - end).abs() <= 1.5, "{x1} vs {end} ({t_left})");
    }

    #[test]
    fn text_is_set_at_the_svg_em() {
        // plotters writes font-size = size / 1.24 into the SVG; DejaVu's
        // capitals are 0.729 em tall, so an 'H' of size 124 is 73 px.
        let (_, (y0, y1)) = ink("H");
        let height = (y1 - y0 + 1) as f32;
        assert!((height - 72.9).abs() <= 1.5, "{height}");
        // Its top sits where the SVG's dy = 0.76em puts the baseline, less
        // the cap height: 20 + 76 - 73.
        assert!((y0 as f32 - 23.1).abs() <= 1.5, "{y0}");
    }
}
