export { InventoryBucketContent } from './InventoryBucketPage';
