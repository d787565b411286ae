// One upload from start to publish (design Appendix B), resumable: run() again after a failure carries on from
// where it stopped. A job is { video, preview, title, description, server, trace } and gains the answer's fields as it
// goes; `trace` (from NEWUPLOAD) keeps its requests in one trace in the servers' logs.
import { startUpload, uploadedParts, publish } from '../api.js';
import { putWithRetry, sendParts } from './transfer.js';
import { save, forget } from './saved.js';

/** A job for a multipart upload begun before the page was reloaded: its parts are asked for afresh. */
export function savedJob(saved, fields) {
  return { ...fields, ...saved, multipart: null, partsStale: true, videoDone: false };
}

const remember = (job) => save(job.video, {
  server: job.server, id: job.id, token: job.token, title: job.title, description: job.description,
  previewName: job.preview?.name ?? null, previewUrl: job.previewUrl, previewType: job.previewType, previewDone: !!job.previewDone,
});

/** view: { phase(text), previewBar, videoBar } (bars from progressBar()); resolves with the published video's id. */
export async function run(job, view, signal) {
  if (!job.id) {
    view.phase('Starting the upload…');
    Object.assign(job, await startUpload(job.server, job, signal));
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
