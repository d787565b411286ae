// The camera and microphone: opening them, and the list of those there are (names only once access is given).

/** A stream from the chosen devices ('' = the browser's default). Rejects with an Error in words. */
export async function openDevices(cameraId, microphoneId) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('This browser cannot use a camera here: going live needs a secure (https) page.');
  }
  const pick = (id) => (id ? { deviceId: { exact: id } } : {});
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, ...pick(cameraId) },
      audio: { echoCancellation: true, noiseSuppression: true, ...pick(microphoneId) },
    });
  } catch (error) {
    switch (error.name) {
      case 'NotAllowedError': throw new Error('The browser did not allow the camera and microphone. Allow them for this site, then try again.');
      case 'NotFoundError': throw new Error('No camera or microphone was found. Connect one, then try again.');
      case 'NotReadableError': throw new Error('The camera or microphone is in use by another program. Close it, then try again.');
      default: throw new Error(`The camera and microphone could not be opened (${error.name}).`);
    }
  }
}

/** { cameras, microphones }: [{ id, label }], labelled "Camera 1"… when the browser hides names. */
export async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const of = (kind, name) => devices.filter((d) => d.kind === kind)
    .map((d, i) => ({ id: d.deviceId, label: d.label || `${name} ${i + 1}` }));
  return { cameras: of('videoinput', 'Camera'), microphones: of('audioinput', 'Microphone') };
}

/** The device a stream's track of `kind` comes from. */
export const deviceOf = (stream, kind) => stream?.getTracks().find((t) => t.kind === kind)?.getSettings().deviceId ?? '';

export function stopStream(stream) {
  stream?.getTracks().forEach((track) => track.stop());
}
