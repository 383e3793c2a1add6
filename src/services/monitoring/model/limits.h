#pragma once
// CloudWatch's documented limits (PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace berth::services::monitoring {

inline constexpr size_t kMaxDatumsPerPut = 1000;
inline constexpr size_t kMaxDimensions = 30;
inline constexpr size_t kMaxValuesPerDatum = 150;
inline constexpr size_t kMaxNameLength = 255;
inline constexpr size_t kMaxDimensionValueLength = 1024;
inline constexpr std::chrono::hours kMaxPastTimestamp{24 * 14};
inline constexpr std::chrono::hours kMaxFutureTimestamp{2};
inline constexpr double kMaxAbsValue = 0x1p360;
inline constexpr int64_t kMaxStatisticsDatapoints = 1440;
inline constexpr size_t kMaxStatistics = 5;
inline constexpr size_t kMaxExtendedStatistics = 10;
inline constexpr size_t kMaxMetricDataQueries = 500;
inline constexpr int64_t kDefaultMaxDatapoints = 100800;
inline constexpr size_t kMaxListMetrics = 500;
inline constexpr size_t kMaxDimensionFilters = 10;
inline constexpr size_t kMaxExpressionLength = 2048;
// ListMetrics forgets metrics not reported for two weeks; RecentlyActive=PT3H is three hours.
inline constexpr std::chrono::hours kListedFor{24 * 14};
inline constexpr std::chrono::hours kRecentlyActive{3};

}  // namespace berth::services::monitoring
