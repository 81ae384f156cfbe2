//! Fonts for charts. Latin text uses DejaVu Sans, embedded in the binary so
//! charts render on any machine; Chinese labels need a CJK font from the
//! system (or `--font`), since ab_glyph has no per-glyph fallback and one
//! font must carry every label.

use crate::error::{Error, Result};
use ab_glyph::{Font, FontRef};
use plotters::style::{FontStyle, register_font};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Family name under which the embedded Latin font is registered.
pub const LATIN: &str = "targetsim-latin";
/// Family name under which a CJK font is registered.
pub const CJK: &str = "targetsim-cjk";

/// CSS font stacks that stand for the registered families in SVG output,
/// whose text is drawn by the viewer's own fonts.
pub const CSS_FAMILIES: [(&str, &str); 2] = [
    (LATIN, "'DejaVu Sans', Verdana, Arial, sans-serif"),
    (
        CJK,
        "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    ),
];

/// Set `TARGETSIM_NO_SYSTEM_FONTS=1` to skip the system font search (tests
/// use it to check the fallback on machines that do have CJK fonts).
const NO_SYSTEM_FONTS: &str = "TARGETSIM_NO_SYSTEM_FONTS";

/// Where CJK fonts usually live when fontconfig does not say.
const COMMON_CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// Register the embedded Latin font (once per process).
pub fn register_latin() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        for (style, bytes) in [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ] {
            if register_font(LATIN, style, bytes).is_err() {
                panic!("the embedded DejaVu font must parse");
            }
        }
    });
}

/// Does the font at `bytes` draw Chinese characters?
fn covers_chinese(bytes: &[u8]) -> bool {
    FontRef::try_from_slice(bytes)
        .map(|f| {
            ['中', '国', '产', '值']
                .iter()
                .all(|&c| f.glyph_id(c).0 != 0)
        })
        .unwrap_or(false)
}

/// The outcome of looking for a CJK font.
#[derive(Debug, Clone)]
pub enum CjkFont {
    /// Registered under [`CJK`].
    Found,
    /// None found; the places that were tried.
    Missing(Vec<String>),
}

/// Find and register a CJK font: `explicit` if given (an error if it is not
/// a usable CJK font), else fontconfig's choice for Chinese, else common paths.
pub fn find_cjk(explicit: Option<&Path>) -> Result<CjkFont> {
    static REGISTERED: OnceLock<PathBuf> = OnceLock::new();
    if let Some(path) = explicit {
        let bytes =
            crate::io::read_limited(path, crate::io::read::MAX_FONT_INPUT).map_err(|e| {
                Error::Usage {
                    flag: "--font",
                    message: format!("{}: cannot read: {e}", path.display()),
                }
            })?;
        if !covers_chinese(&bytes) {
            return Err(Error::Usage {
                flag: "--font",
                message: format!("{}: not a font with Chinese characters", path.display()),
            });
        }
        register_cjk(path, bytes, &REGISTERED);
        return Ok(CjkFont::Found);
    }
    let mut tried = Vec::new();
    if std::env::var_os(NO_SYSTEM_FONTS).is_some() {
        tried.push(format!("nothing ({NO_SYSTEM_FONTS} is set)"));
        return Ok(CjkFont::Missing(tried));
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    tried.push("fc-match :lang=zh".to_string());
    if let Ok(out) = std::process::Command::new("fc-match")
        .args(["-f", "%{file}", ":lang=zh"])
        .output()
    {
        let file = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !file.is_empty() {
            candidates.push(PathBuf::from(file));
        }
    }
    candidates.extend(COMMON_CJK_FONTS.iter().map(PathBuf::from));
    tried.extend(COMMON_CJK_FONTS.iter().map(|p| p.to_string()));
    for path in candidates {
        if let Ok(bytes) = crate::io::read_limited(&path, crate::io::read::MAX_FONT_INPUT)
            && covers_chinese(&bytes)
        {
            register_cjk(&path, bytes, &REGISTERED);
            return Ok(CjkFont::Found);
        }
    }
    Ok(CjkFont::Missing(tried))
}

/// The bytes of the registered CJK font.
static CJK_BYTES: OnceLock<&'static [u8]> = OnceLock::new();

/// The registered face of `family` ([`LATIN`] or [`CJK`]), for measuring
/// and drawing text ([`super::typeset`]).
pub fn face(family: &str) -> Option<FontRef<'static>> {
    let bytes: &'static [u8] = match family {
        LATIN => dejavu::sans::regular(),
        CJK => CJK_BYTES.get()?,
        _ => return None,
    };
    FontRef::try_from_slice(bytes).ok()
}

/// Register once per process; plotters keeps the bytes for its lifetime.
fn register_cjk(path: &Path, bytes: Vec<u8>, registered: &OnceLock<PathBuf>) -> PathBuf {
    registered
        .get_or_init(|| {
            let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let _ = CJK_BYTES.set(leaked);
            // covers_chinese() parsed it already.
            let _ = register_font(CJK, FontStyle::Normal, leaked);
            let _ = register_font(CJK, FontStyle::Bold, leaked);
            path.to_path_buf()
        })
        .clone()
}
