//! Raw deflate with the browser's own `CompressionStream("deflate-raw")` and
//! `DecompressionStream("deflate-raw")`: the format of RFC 1951, so links made
//! by any raw-deflate encoder open.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair};

const FORMAT: &str = "deflate-raw";

// web-sys declares these two only behind `--cfg=web_sys_unstable_apis`; the
// constructors are all the page needs: each stream is a `{readable, writable}`
// pair that `pipeThrough` takes.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// Deflates `bytes`.
pub(crate) async fn compress(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let pair: ReadableWritablePair = CompressionStream::new(FORMAT)?.unchecked_into();
    read_all(source(bytes)?.pipe_through(&pair), usize::MAX).await
}

/// Inflates `bytes`; fails when they are not raw deflate or when the result
/// would be longer than `limit` bytes.
pub(crate) async fn decompress(bytes: &[u8], limit: usize) -> Result<Vec<u8>, JsValue> {
    let pair: ReadableWritablePair = DecompressionStream::new(FORMAT)?.unchecked_into();
    read_all(source(bytes)?.pipe_through(&pair), limit).await
}

fn source(bytes: &[u8]) -> Result<ReadableStream, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    Ok(Blob::new_with_u8_array_sequence(&parts)?.stream())
}

/// Reads `stream` to its end, stopping (and cancelling it) past `limit` bytes.
async fn read_all(stream: ReadableStream, limit: usize) -> Result<Vec<u8>, JsValue> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if js_sys::Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(out);
        }
        let value: Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())?.dyn_into()?;
        if out.len() + value.length() as usize > limit {
            // The stream is abandoned either way; its cancellation has nothing to report.
            drop(reader.cancel());
            return Err(JsValue::from_str("longer than the limit"));
        }
        out.extend(value.to_vec());
    }
}
