-- CreateTable
CREATE TABLE "BackendResourceRequest" (
    "id" TEXT NOT NULL,
    "offeringId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'Sent',
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "errorTraceback" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackendResourceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BackendResourceRequest_offeringId_idx" ON "BackendResourceRequest"("offeringId");

-- AddForeignKey
ALTER TABLE "BackendResourceRequest" ADD CONSTRAINT "BackendResourceRequest_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering"("id") ON DELETE CASCADE ON UPDATE CASCADE;
