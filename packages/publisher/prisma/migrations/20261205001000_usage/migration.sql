-- CreateTable
CREATE TABLE "ComponentUserUsage" (
    "id" TEXT NOT NULL,
    "componentUsageId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "userId" TEXT,
    "usage" DECIMAL(20,6) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "date" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modifiedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComponentUserUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ComponentUserUsage_componentUsageId_username_key" ON "ComponentUserUsage"("componentUsageId", "username");

-- AddForeignKey
ALTER TABLE "ComponentUserUsage" ADD CONSTRAINT "ComponentUserUsage_componentUsageId_fkey" FOREIGN KEY ("componentUsageId") REFERENCES "ComponentUsage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
