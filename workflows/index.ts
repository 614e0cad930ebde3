// The worker's workflow bundle: every process, one file each.
export { ping } from './ping';
