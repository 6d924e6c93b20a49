import { readTextOrNull } from '../procfs.ts';

export type CloudIdentity = {
  cloudProvider: string | null;
  instanceType: string | null;
  instanceId: string | null;
};

const UNKNOWN_CLOUD: CloudIdentity = { cloudProvider: null, instanceType: null, instanceId: null };

/** The asset tag Azure puts on every virtual machine's chassis. */
const AZURE_CHASSIS_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

/**
 * Reads the cloud identity from the firmware tables (SMBIOS, exposed in /sys/class/dmi/id).
 * Region and zone are not in them, and the agent never queries a metadata service,
 * so those stay null. Unknown hardware yields all nulls.
 */
export async function detectCloud(dmiRoot = '/sys/class/dmi/id'): Promise<CloudIdentity> {
  const read = async (name: string): Promise<string> => (await readTextOrNull(`${dmiRoot}/${name}`))?.trim() ?? '';
  const [vendor, product, boardAssetTag, chassisAssetTag] = await Promise.all([
    read('sys_vendor'),
    read('product_name'),
    read('board_asset_tag'),
    read('chassis_asset_tag'),
  ]);

  if (vendor === 'Amazon EC2') {
    // On Nitro instances the product name is the instance type and the board asset tag the id.
    return {
      cloudProvider: 'aws',
      instanceType: product || null,
      instanceId: boardAssetTag.startsWith('i-') ? boardAssetTag : null,
    };
  }
  if (product === 'Google Compute Engine') {
    return { ...UNKNOWN_CLOUD, cloudProvider: 'gcp' };
  }
  if (chassisAssetTag === AZURE_CHASSIS_ASSET_TAG) {
    return { ...UNKNOWN_CLOUD, cloudProvider: 'azure' };
  }
  if (vendor === 'DigitalOcean') {
    return { ...UNKNOWN_CLOUD, cloudProvider: 'digitalocean' };
  }
  if (vendor === 'Hetzner') {
    return { ...UNKNOWN_CLOUD, cloudProvider: 'hetzner' };
  }
  return UNKNOWN_CLOUD;
}
