# The HTTP transport: Beast server and client (README.md "Transport"). Included by
# src/http/CMakeLists.txt, which the dispatcher's owner keeps.
add_library(freshet_http_transport STATIC
    ${CMAKE_CURRENT_LIST_DIR}/message.cc
    ${CMAKE_CURRENT_LIST_DIR}/convert.cc
    ${CMAKE_CURRENT_LIST_DIR}/connection.cc
    ${CMAKE_CURRENT_LIST_DIR}/connection_h2.cc
    ${CMAKE_CURRENT_LIST_DIR}/connection_stream.cc
    ${CMAKE_CURRENT_LIST_DIR}/h2_session.cc
    ${CMAKE_CURRENT_LIST_DIR}/server.cc
    ${CMAKE_CURRENT_LIST_DIR}/client.cc
)
target_link_libraries(freshet_http_transport PUBLIC freshet_core Boost::headers Threads::Threads
                      PRIVATE PkgConfig::NGHTTP2)

freshet_add_test(http_transport_test
    SOURCES
        ${CMAKE_CURRENT_LIST_DIR}/tests/server_test.cc
        ${CMAKE_CURRENT_LIST_DIR}/tests/limits_test.cc
        ${CMAKE_CURRENT_LIST_DIR}/tests/lifecycle_test.cc
        ${CMAKE_CURRENT_LIST_DIR}/tests/client_test.cc
        ${CMAKE_CURRENT_LIST_DIR}/tests/stream_test.cc
        ${CMAKE_CURRENT_LIST_DIR}/tests/test_util.cc
    LIBS freshet_http_transport)
