// afterPack hook: flips Electron fuses on the packaged binary, per Electron's security checklist, before signing.
const path = require('node:path');

/** The Electron binary (or .app bundle on macOS) electron-builder just laid out in appOutDir. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      // linux.executableName renames the binary; productFilename is the fallback.
      return path.join(appOutDir, packager.executableName || productFilename);
    default:
      throw new Error(`after-pack: unknown platform ${electronPlatformName}`);
  }
}

/** @param {import('electron-builder').AfterPackContext} context */
exports.default = async function afterPack(context) {
  // @electron/fuses is ESM-only.
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const { Arch } = require('electron-builder');
  const binary = electronBinary(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature Apple Silicon requires; electron-builder signs properly later.
    resetAdHocDarwinSignature: isMac && context.arch === Arch.arm64,
    // No ELECTRON_RUN_AS_NODE: child Node processes must be utilityProcess or worker_threads, never process.fork.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
  console.log(`  • flipped Electron fuses on ${path.relative(process.cwd(), binary)}`);
};
