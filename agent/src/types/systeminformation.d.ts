// The agent imports two of systeminformation's modules directly, because its index
// loads every module (about 7 MB more resident memory, measured with 5.33 on Node 20).
// Their exports are the functions the package's own declarations describe.

declare module 'systeminformation/lib/osinfo.js' {
  export { osInfo } from 'systeminformation';
}

declare module 'systeminformation/lib/cpu.js' {
  export { cpu } from 'systeminformation';
}
