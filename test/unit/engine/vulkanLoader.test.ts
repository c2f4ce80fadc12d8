// The Vulkan loader check that lets `auto` skip Dawn's Vulkan backend quietly: a loader on LD_LIBRARY_PATH is found.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vulkanLoaderMayExist } from '../../../src/engine/webgpu/vulkanLoader';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

test('a libvulkan.so.1 in a folder of LD_LIBRARY_PATH counts as a loader', () => {
  const dir = temporaryFolder('vulkan-');
  writeFileSync(join(dir, 'libvulkan.so.1'), '');
  assert.equal(vulkanLoaderMayExist({ LD_LIBRARY_PATH: `/nonexistent:${dir}` }), true);
});
