// The public wire protocol (design Appendices A to D; the live WebSockets' messages are in live/). The only file that knows the server's JSON names.

/** A failed request, in words a person understands: problem+json's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail, retryAfter = null) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter; // seconds, from a 503's Retry-After
  }
}

const fallbackTitles = {
  400: 'The request was not accepted',
  404: 'Not found',
  413: 'The request is too large',
  429: 'Too many requests',
  503: 'MyVid is busy',
};

/**
 * One request; `trace` (a W3C traceparent from an earlier answer's traceresponse header) puts it in the same trace,
 * so the servers' logs of one upload or stream share one correlation id. Resolves with the parsed body.
 */
async function request(method, path, body, signal, trace) {
  return (await send(method, path, body, signal, trace)).json();
}

/** The traceparent an answer names (traceresponse), to pass on to the next step of the same flow. */
const traceOf = (response) => response.headers.get('traceresponse') ?? undefined;

async function send(method, path, body, signal, trace) {
  let response;
  const headers = body ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' };
  if (trace) headers.traceparent = trace;
  try {
    response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'MyVid cannot be reached', 'Check your connection, then try again.');
  }
  if (response.ok) return response;
  const type = response.headers.get('Content-Type') ?? '';
  const problem = type.includes('json') ? await response.json().catch(() => ({})) : {};
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  throw new ApiError(
    response.status,
    problem.title ?? fallbackTitles[response.status] ?? (response.status >= 500 ? 'Something went wrong on the server' : 'The request failed'),
    problem.detail ?? '',
    Number.isFinite(retryAfter) ? retryAfter : null,
  );
}

/** One entry of a list: { id, title, description, preview, type: 'HTTP' | 'WebRTC', duration }. */
const toSummary = (e) => ({
  id: e.ID, title: e.Title ?? '', description: e.Description ?? '', preview: e.Preview ?? null,
  type: e.Type ?? 'HTTP', duration: e.Duration ?? null,
});

/** Random videos, or a page of search results when `search` has words; `type`: 'WebRTC' lists live streams only. */
export async function listVideos({ search, page, pageSize, type } = {}, signal) {
  const entries = await request('POST', '/API/VIDEO/', { Search: search || undefined, Page: page, PageSize: pageSize, Type: type }, signal);
  return entries.map(toSummary);
}

/**
 * A video's details: HTTP { url, preview, duration } or WebRTC { controlUrl, streamId, viewers }, both with title and
 * description; `trace`, the answer's traceresponse, for a join that follows (Appendix D) to continue it.
 */
export async function getVideo(id, signal) {
  const response = await send('GET', `/API/VIDEO/${encodeURIComponent(id)}`, null, signal);
  const d = await response.json();
  return {
    id, type: d.type, title: d.title ?? '', description: d.description ?? '', url: d.URL ?? null,
    preview: d.Preview ?? null, duration: d.duration ?? null, controlUrl: d.ControlURL ?? null, streamId: d.StreamID ?? null,
    viewers: d.Viewers ?? null, trace: traceOf(response),
  };
}

/** Where to publish a live stream (Appendix C): the RTCConfiguration, and the endpoint host and media node id. */
export async function newStream(signal) {
  const response = await send('GET', '/API/NEWSTREAM/', null, signal);
  const d = await response.json();
  return { peerOptions: d.PeerOptions ?? {}, server: d.Server, endpoint: d.Endpoint, trace: traceOf(response) };
}

/** ICE servers for a viewer's peer connection (an RTCConfiguration). */
export async function iceConfiguration(signal) {
  return request('GET', '/API/ICE', null, signal);
}

/** Where to upload (the endpoint's NEWVIDEOUPLOAD URL) and the largest files it takes. */
export async function newUpload(signal) {
  const response = await send('POST', '/API/NEWUPLOAD/', null, signal);
  const d = await response.json();
  return {
    server: d.Server, maxVideoBytes: d.MaxVideoBytes ?? Infinity, maxPreviewBytes: d.MaxPreviewBytes ?? Infinity, trace: traceOf(response),
  };
}

/** A multipart upload: part size and count, fresh URLs { number, url } for the parts to send, stored { number, size }. */
const toMultipart = (m) => m && {
  partSize: m.PartSize, partCount: m.PartCount,
  parts: m.Parts.map((p) => ({ number: p.PartNumber, url: p.URL })),
  stored: m.Stored.map((p) => ({ number: p.PartNumber, size: p.Size })),
};

/** Begins an upload: a private video, its token, and where to PUT each file with which Content-Type. */
export async function startUpload(server, { title, description, video, preview, trace }, signal) {
  const d = await request('POST', server, {
    title, description, VideoFilename: video.name, VideoSize: video.size,
    PreviewFilename: preview?.name, PreviewSize: preview?.size,
  }, signal, trace);
  return {
    id: d.ID, token: d.Token, videoUrl: d.VideoURL, videoType: d.VideoContentType,
    previewUrl: d.PreviewURL, previewType: d.PreviewContentType, multipart: toMultipart(d.Multipart),
  };
}

/** What the store holds of an interrupted multipart upload, and fresh URLs for the other parts. */
export async function uploadedParts(server, id, token, signal) {
  return toMultipart(await request('POST', `${server.replace(/\/$/, '')}/PARTS`, { ID: id, Token: token }, signal));
}

/** Makes an uploaded video public once the server has checked its files. */
export function publish(id, token, signal, trace) {
  return request('POST', '/API/PUBLISH/', { ID: id, Token: token }, signal, trace);
}
