// Sending bytes to pre-signed URLs: one PUT with XMLHttpRequest, which reports upload progress (fetch does not),
// retried with backoff; and a multipart upload's parts, a few at a time.
import { ApiError } from '../api.js';

/** Worth sending again as it is: the network failed, or the store was busy. A refusal (403, 413…) is not. */
export const isRetryable = (error) => error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;

function problemOf(xhr) {
  try {
    return (xhr.getResponseHeader('Content-Type') ?? '').includes('json') ? JSON.parse(xhr.responseText) : {};
  } catch {
    return {};
  }
}

/** Resolves when the store has the bytes; onProgress(bytesSent) as they go; rejects with an ApiError or an AbortError. */
export function put(url, body, { contentType, onProgress, signal }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = (error) => {
      signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      else resolve();
    };
    xhr.open('PUT', url);
    // The type the upload URL was signed with, exactly; parts are sent without one.
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(body.size);
        done();
        return;
      }
      const problem = problemOf(xhr);
      done(new ApiError(xhr.status, problem.title ?? `The store answered ${xhr.status}`, problem.detail ?? ''));
    };
    xhr.onerror = () => done(new ApiError(0, 'The connection was lost', 'Check your connection, then resume.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => done(new DOMException('The upload was cancelled.', 'AbortError'));
    if (signal?.aborted) {
      done(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    signal?.addEventListener('abort', abort);
    xhr.send(body);
  });
}

/** Resolves after ms, or rejects with an AbortError when the signal aborts. */
export const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    reject(new DOMException('The upload was cancelled.', 'AbortError'));
  }, { once: true });
});

/** put() tried up to `attempts` times, waiting 0.5 s, 1 s, 2 s… (with jitter) between; progress restarts each time. */
export async function putWithRetry(url, body, options, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put(url, body, options);
    } catch (error) {
      if (error.name === 'AbortError' || !isRetryable(error) || attempt >= attempts) throw error;
      options.onProgress?.(0);
      await sleep(500 * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4), options.signal);
    }
  }
}

/**
 * Sends the parts the store does not have yet (multipart.parts, each with its URL), `concurrency` at a time, each
 * retried. onProgress(bytes) counts stored parts and what is on its way. After a part fails for good no new part
 * starts; those under way finish (the store keeps them), then the failure is thrown.
 */
export async function sendParts(file, multipart, { concurrency = 3, onProgress, signal }) {
  const { partSize, parts, stored } = multipart;
  let storedBytes = stored.reduce((sum, p) => sum + p.size, 0);
  const sending = new Map();
  const report = () => onProgress?.(storedBytes + [...sending.values()].reduce((a, b) => a + b, 0));
  const queue = [...parts].sort((a, b) => a.number - b.number);
  let failure = null;
  report();
  const worker = async () => {
    while (queue.length > 0 && !failure) {
      const part = queue.shift();
      const start = (part.number - 1) * partSize;
      const bytes = file.slice(start, Math.min(start + partSize, file.size));
      sending.set(part.number, 0);
      try {
        await putWithRetry(part.url, bytes, { signal, onProgress: (n) => { sending.set(part.number, n); report(); } });
        storedBytes += bytes.size;
      } catch (error) {
        failure ??= error;
      } finally {
        sending.delete(part.number);
        report();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (failure) throw failure;
}
