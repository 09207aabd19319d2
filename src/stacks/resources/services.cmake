# The providers of the data services (owned by the services-providers work).
target_sources(freshet_stacks_resources PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/service_common.cc
    ${CMAKE_CURRENT_LIST_DIR}/service_zip.cc
    ${CMAKE_CURRENT_LIST_DIR}/kinesis_stream.cc
    ${CMAKE_CURRENT_LIST_DIR}/dynamodb_table.cc
    ${CMAKE_CURRENT_LIST_DIR}/lambda_function.cc
    ${CMAKE_CURRENT_LIST_DIR}/lambda_event_source_mapping.cc
    ${CMAKE_CURRENT_LIST_DIR}/lambda_permission.cc
    ${CMAKE_CURRENT_LIST_DIR}/lambda_version.cc
    ${CMAKE_CURRENT_LIST_DIR}/lambda_alias.cc
    ${CMAKE_CURRENT_LIST_DIR}/logs_log_group.cc
    ${CMAKE_CURRENT_LIST_DIR}/s3_bucket.cc
)
# Inline function code (Code.ZipFile) is zipped here (service_zip.cc).
pkg_check_modules(STACKS_LIBZIP REQUIRED IMPORTED_TARGET libzip)
target_link_libraries(freshet_stacks_resources PRIVATE PkgConfig::STACKS_LIBZIP)

if(NOT FRESHET_UNIT_ONLY)
    freshet_add_test(stacks_resources_services_test
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/../tests/resources_services_test.cc
                ${CMAKE_CURRENT_LIST_DIR}/../tests/resources_harness.cc
        LIBS freshet_stacks_resources freshet_app)
endif()
if(TARGET stacks_resources_services_test)
    target_compile_definitions(stacks_resources_services_test PRIVATE
        FRESHET_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endif()
