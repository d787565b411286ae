// The checks made before anything is sent: the same rules as POST /NEWVIDEOUPLOAD, in words for people.
import { formatBytes } from '../format.js';

export const maxTitle = 200;
export const maxDescription = 5000;
export const videoExtensions = ['mp4', 'webm', 'mov', 'mkv'];
export const imageExtensions = ['jpg', 'jpeg', 'png', 'webp'];

const extensionOf = (name) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '');
export const isVideo = (file) => videoExtensions.includes(extensionOf(file.name));
export const isImage = (file) => imageExtensions.includes(extensionOf(file.name));

function checkFile(file, ok, kinds, max, what) {
  if (!ok(file)) return `“${file.name}” is not ${what} MyVid takes: choose ${kinds}.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > max) return `“${file.name}” is too large: ${formatBytes(file.size)}, and this server takes at most ${formatBytes(max)}.`;
  return null;
}

export const checkVideo = (file, limits) => checkFile(file, isVideo, 'an MP4, WebM, MOV or MKV file', limits.maxVideoBytes, 'a video');
export const checkPreview = (file, limits) => checkFile(file, isImage, 'a JPEG, PNG or WebP image', limits.maxPreviewBytes, 'an image');

/** { title?, description?, video?, preview? }: a message for each field that is not right; empty when all are. */
export function check({ title, description, video, preview }, limits) {
  const problems = {};
  const length = title.trim().length;
  if (length === 0) problems.title = 'Give the video a title.';
  else if (length > maxTitle) problems.title = `The title has ${length} characters; ${maxTitle} at most.`;
  if (description.length > maxDescription) {
    problems.description = `The description has ${description.length.toLocaleString('en')} characters; ${maxDescription.toLocaleString('en')} at most.`;
  }
  problems.video = video ? checkVideo(video, limits) : 'Choose a video file: MP4, WebM, MOV or MKV.';
  if (preview) problems.preview = checkPreview(preview, limits);
  return Object.fromEntries(Object.entries(problems).filter(([, text]) => text));
}
