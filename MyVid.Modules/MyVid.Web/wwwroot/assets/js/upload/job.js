// One upload from start to publish (design Appendix B), resumable: run() again after a failure carries on from
// where it stopped. A job is { video, preview, title, description, server, trace } and gains the answer's fields as it
// goes; `trace` (from NEWUPLOAD) keeps its requests in one trace in the servers' logs.
import { newUpload, startUpload, uploadedParts, publish } from '../api.js';
import { putWithRetry, sendParts, sleep } from './transfer.js';
import { save, forget } from './saved.js';

/** A job for a multipart upload begun before the page was reloaded: its parts are asked for afresh. */
export function savedJob(saved, fields) {
  return { ...fields, ...saved, multipart: null, partsStale: true, videoDone: false };
}

const remember = (job) => save(job.video, {
  server: job.server, id: job.id, token: job.token, title: job.title, description: job.description,
  previewName: job.preview?.name ?? null, previewUrl: job.previewUrl, previewType: job.previewType, previewDone: !!job.previewDone,
});

/** The upload server did not answer: no connection, or its load balancer's 502/503/504 (a dead endpoint). */
const serverGone = (error) => error.name === 'ApiError' && [0, 502, 503, 504].includes(error.status);

/**
 * NEWVIDEOUPLOAD on job.server; when that server does not answer, NEWUPLOAD is asked again (up to 3 tries, 1 s and
 * 2 s apart): an endpoint that died a moment ago is named until its heartbeat goes stale, a few seconds.
 */
async function begin(job, signal) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startUpload(job.server, job, signal);
    } catch (error) {
      if (!serverGone(error) || attempt >= 3) throw error;
      await sleep(1000 * attempt, signal);
      ({ server: job.server, trace: job.trace } = await newUpload(signal));
    }
  }
}

/** view: { phase(text), previewBar, videoBar } (bars from progressBar()); resolves with the published video's id. */
export async function run(job, view, signal) {
  if (!job.id) {
    view.phase('Starting the upload…');
    Object.assign(job, await begin(job, signal));
    if (job.multipart) remember(job);
  } else if (job.partsStale && !job.videoDone) {
    view.phase('Asking the server which parts it already has…');
    job.multipart = await uploadedParts(job.server, job.id, job.token, signal);
  }
  job.partsStale = !!job.multipart; // a later run asks which parts arrived
  view.phase('Uploading…');
  const tasks = [];
  if (job.preview && !job.previewDone) {
    tasks.push(putWithRetry(job.previewUrl, job.preview, { contentType: job.previewType, onProgress: view.previewBar.update, signal })
      .then(() => {
        job.previewDone = true;
        view.previewBar.done();
        if (job.multipart) remember(job);
      }, (error) => {
        view.previewBar.fail();
        throw error;
      }));
  }
  if (!job.videoDone) {
    const options = { contentType: job.videoType, onProgress: view.videoBar.update, signal };
    tasks.push((job.multipart ? sendParts(job.video, job.multipart, options) : putWithRetry(job.videoUrl, job.video, options))
      .then(() => {
        job.videoDone = true;
        view.videoBar.done();
      }, (error) => {
        view.videoBar.fail();
        throw error;
      }));
  }
  const failed = (await Promise.allSettled(tasks)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  view.phase('Checking the files and publishing…');
  await publish(job.id, job.token, signal, job.trace);
  forget(job.video);
  return job.id;
}
